"""Localisation review: reviewers check, approve, flag and correct what the advisor says per country."""
