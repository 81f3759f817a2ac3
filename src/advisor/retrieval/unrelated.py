"""Requests the advisor never serves, whatever words they share with its knowledge.

"Write me a poem about AI" mentions AI, and an embedding puts it near AI literacy; but it asks
for a poem. These patterns name kinds of request that are clearly about something else (the
categories of the understanding issue: poems and songs, exchange rates and share prices, a
forgotten password, passports, exam dates, elections), in the languages the advisor serves.
They are deliberately narrow: a question about password policy or AI at work never matches.
"""

from __future__ import annotations

import re

_KINDS: dict[str, tuple[str, ...]] = {
    "creative writing": (
        r"\b(poem|poems|poetry|haiku|limerick|sonnet|song lyrics|rap song|love song)\b",
        r"\bbirthday (?:wish|greeting|message)\b",
        r"\b(tell|write|make) (?:me |us )?(?:a |some )?(?:funny )?jokes?\b",
        r"\b(puisi|pantun|syair|sajak|lirik lagu|lelucon|lawakan)\b",
        r"(กลอน|บทกวี|แต่งเพลง|เนื้อเพลง|มุกตลก|เล่าเรื่องตลก)",
        r"\b(bài thơ|làm thơ|viết thơ|bai tho|lam tho|lời bài hát|truyện cười)\b",
        r"\b(tula|tulang|kanta para|awit para)\b",
    ),
    "prices and exchange rates": (
        r"\b(share price|stock price|stock market|exchange rate|bitcoin price)\b",
        r"\b(harga saham|kurs (?:rupiah|dolar|ringgit)|nilai tukar|kadar pertukaran)\b",
        r"(อัตราแลกเปลี่ยน|ราคาหุ้น)",
        r"\b(tỷ giá|giá cổ phiếu|ty gia)\b",
        r"\b(palitan ng dolyar|presyo ng stock)\b",
    ),
    "a personal account": (
        r"\b(forgot|forgotten|reset|recover) (?:my|the) (?:own )?(?:password|passcode|pin)\b",
        r"\b(lupa|reset) (?:kata sandi|password|sandi)\b",
        r"(ลืมรหัสผ่าน)",
        r"\b(quên mật khẩu|quen mat khau)\b",
        r"\b(nakalimutan ko ang password)\b",
    ),
    "passports and identity papers": (
        r"\b(renew|renewal of) (?:my |a )?(?:passport|driving licen[cs]e|driver'?s licen[cs]e)\b",
        r"\b(perpanjang paspor|paspor saya|m-paspor|pasport saya|pembaharuan pasport)\b",
        r"(ต่ออายุพาสปอร์ต|ทำพาสปอร์ต|ต่อพาสปอร์ต)",
        r"\b(gia hạn hộ chiếu|làm hộ chiếu)\b",
        r"\b(mag-renew ng passport|pag-renew ng passport)\b",
    ),
    "exam dates": (
        r"\b(exam date|date of the (?:civil service )?exam|when is the (?:civil service )?exam)\b",
        r"\b(jadwal (?:ujian|tes) cpns|kapan (?:ujian|tes) cpns|tarikh peperiksaan)\b",
        r"(วันสอบ|สอบ ก\.พ\.)",
        r"\b(ngày thi công chức|lịch thi)\b",
    ),
    "elections": (
        r"\b(election results?|who won the election|who will win the election)\b",
        r"\b(hasil pemilu|keputusan pilihan raya|siapa menang pemilu)\b",
        r"(ผลการเลือกตั้ง)",
        r"\b(kết quả bầu cử)\b",
        r"\b(resulta ng eleksyon)\b",
    ),
}
_COMPILED = {kind: [re.compile(p, re.IGNORECASE) for p in patterns] for kind, patterns in _KINDS.items()}


def unrelated_request(text: str) -> str | None:
    """The kind of clearly unrelated request ``text`` makes, or ``None``."""
    for kind, patterns in _COMPILED.items():
        if any(pattern.search(text) for pattern in patterns):
            return kind
    return None
