"""Streamlit entry point (placeholder page until the chat app lands)."""
