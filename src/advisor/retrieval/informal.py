"""How people really type: Indonesian and Malay chat shorthand, Vietnamese without tone marks, "ai" = "who".

The multilingual model reads standard forms best, so a question is searched with the standard
forms of the informal words it contains added (the original words stay: nothing is lost).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable

# Common shorthand in Indonesian and Malay office chat, with its standard form.
_MALAY_FAMILY_SHORTHAND = {
    "gimana": "bagaimana",
    "gmn": "bagaimana",
    "bgmn": "bagaimana",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "ngga": "tidak",
    "enggak": "tidak",
    "tdk": "tidak",
    "tak": "tidak",
    "x": "tidak",
    "yg": "yang",
    "dgn": "dengan",
    "utk": "untuk",
    "kalo": "kalau",
    "klo": "kalau",
    "krn": "karena",
    "karna": "karena",
    "sdh": "sudah",
    "udah": "sudah",
    "udh": "sudah",
    "blm": "belum",
    "aja": "saja",
    "bgt": "sangat",
    "banget": "sangat",
    "pake": "pakai",
    "bikin": "membuat",
    "ribet": "rumit",
    "pemda": "pemerintah daerah",
    "pemkab": "pemerintah kabupaten",
    "pemkot": "pemerintah kota",
    "pemprov": "pemerintah provinsi",
    "asn": "aparatur sipil negara",
    "pns": "pegawai negeri sipil",
    "opd": "organisasi perangkat daerah",
    "skpd": "satuan kerja perangkat daerah",
    "kemen": "kementerian",
    "apk": "aplikasi",
    "app": "aplikasi",
    "hp": "telepon genggam",
    "sy": "saya",
    "org": "orang",
    "dlm": "dalam",
    "jd": "jadi",
    "jgn": "jangan",
    "tp": "tetapi",
    "tpi": "tetapi",
    "bs": "bisa",
    "dr": "dari",
    "pd": "pada",
    "sm": "sama",
    "kpd": "kepada",
    "mcm": "macam",
    "camne": "bagaimana",
    "camana": "bagaimana",
    "nak": "hendak",
    "dah": "sudah",
    "keje": "kerja",
    "sbb": "sebab",
    "pkp": "pihak berkuasa tempatan",
    "pbt": "pihak berkuasa tempatan",
}
_REDUPLICATION = re.compile(r"\b([A-Za-z]{2,})2\b")  # "sendiri2" is "sendiri-sendiri"
_WORD = re.compile(r"[A-Za-z]+")

# Vietnamese syllables that stay recognisable without tone marks; several of them in a
# question typed in plain ASCII mean Vietnamese typed on a phone without an input method.
_BARE_WORDS = (
    "khong duoc nguoi lam sao cua nhung trong cho voi nhieu phai thi cung chuyen doi xa huyen "
    "tinh dan can bo cac mot hay nay the nao gi biet muon hoc viec co quan phan mem du lieu so "
    "hoa ung dung dich vu chinh quyen cong chuc vien ho so giay to thu tuc minh chung toi anh "
    "chi em ban lanh dao truong phong hanh dia phuong quan ly bao mat thong tin ca nhan ket "
    "qua danh gia ke hoach chien luoc nhan su dao tao sang kien thu nghiem tin tuong thay doi "
    "nhanh cham ro rang"
)
_BARE_VIETNAMESE = frozenset(_BARE_WORDS.split())
# Common office phrases typed without tone marks, with their spelling: the aliases and the
# model know the spelt forms ("chuyen doi so" is "chuyển đổi số", digital transformation).
_VIETNAMESE_SPELLING = {
    "chuyen doi so": "chuyển đổi số",
    "so hoa": "số hóa",
    "du lieu": "dữ liệu",
    "co so du lieu": "cơ sở dữ liệu",
    "phan mem": "phần mềm",
    "ung dung": "ứng dụng",
    "tri tue nhan tao": "trí tuệ nhân tạo",
    "dich vu cong": "dịch vụ công",
    "chinh quyen": "chính quyền",
    "cap xa": "cấp xã",
    "cap huyen": "cấp huyện",
    "cap tinh": "cấp tỉnh",
    "co quan": "cơ quan",
    "can bo": "cán bộ",
    "cong chuc": "công chức",
    "lanh dao": "lãnh đạo",
    "nguoi dan": "người dân",
    "ho so": "hồ sơ",
    "thu tuc": "thủ tục",
    "giay to": "giấy tờ",
    "quan ly": "quản lý",
    "bao mat": "bảo mật",
    "thong tin ca nhan": "thông tin cá nhân",
    "ro ri": "rò rỉ",
    "ke hoach": "kế hoạch",
    "chien luoc": "chiến lược",
    "danh gia": "đánh giá",
    "hieu qua": "hiệu quả",
    "dao tao": "đào tạo",
    "ky nang": "kỹ năng",
    "mua sam": "mua sắm",
    "nha cung cap": "nhà cung cấp",
    "thay doi": "thay đổi",
    "thu nghiem": "thử nghiệm",
    "chia se": "chia sẻ",
    "lam sao": "làm sao",
    "nhu the nao": "như thế nào",
    "mot cua": "một cửa",
    "truc tuyen": "trực tuyến",
    "van ban": "văn bản",
    "cong van": "công văn",
    "to trinh": "tờ trình",
    "chuyen vien": "chuyên viên",
    "ngan sach": "ngân sách",
    "cong khai": "công khai",
    "trach nhiem": "trách nhiệm",
    "lam sach": "làm sạch",
}
# Abbreviations of Vietnamese public administration, written in capitals in office chat and
# documents; the model and the aliases know the words, not the letters.
_VIETNAMESE_ABBREVIATIONS = {
    "UBND": "ủy ban nhân dân",
    "HĐND": "hội đồng nhân dân",
    "HDND": "hội đồng nhân dân",
    "CNTT": "công nghệ thông tin",
    "CĐS": "chuyển đổi số",
    "CDS": "chuyển đổi số",
    "CCCD": "căn cước công dân",
    "TTHC": "thủ tục hành chính",
    "DVC": "dịch vụ công",
    "DVCTT": "dịch vụ công trực tuyến",
    "CSDL": "cơ sở dữ liệu",
    "CBCCVC": "cán bộ, công chức, viên chức",
    "CBCC": "cán bộ, công chức",
    "ATTT": "an toàn thông tin",
    "VBQPPL": "văn bản quy phạm pháp luật",
}
_VIETNAMESE_ABBREVIATION = re.compile(rf"\b({'|'.join(_VIETNAMESE_ABBREVIATIONS)})\b")
_VIETNAMESE_WHO = re.compile(r"\b(ai|Ai)\b")  # "AI" in capitals stays artificial intelligence


def looks_like_bare_vietnamese(text: str) -> bool:
    """Whether ``text`` is Vietnamese typed without tone marks (plain ASCII)."""
    words = [w.lower() for w in _WORD.findall(text)]
    if len(words) < 4:
        return False
    known = sum(w in _BARE_VIETNAMESE for w in words)
    return known >= 3 and known / len(words) >= 0.4


def strip_tone_marks(text: str) -> str:
    """``text`` as typed on a keyboard without a Vietnamese input method (no marks, đ as d)."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


_SYLLABLE = re.compile(r"[^\W\d_]+")
_CLAUSE = re.compile(r"[^,.;:!?()\n]+")
MIN_SYLLABLE_COUNT = 3
"""A single syllable is restored only when seen this often in our own Vietnamese text..."""
MIN_SYLLABLE_SHARE = 0.8
"""...and spelt this way at least this often: "nguoi" is almost always "người", "ma" is not."""


class VietnameseSpelling:
    """Bare Vietnamese phrases and their spelt forms, learnt from the knowledge's own Vietnamese.

    Typed without tone marks, "lam sach du lieu" loses what the model and the aliases need
    ("làm sạch dữ liệu", data cleaning). The same bare phrase almost always has one spelling
    in a given domain, so two- and three-syllable phrases are restored to the spelling our
    Vietnamese situations and labels use most; single syllables only when one spelling
    dominates. Learnt from the knowledge's spelt lines (not those typed bare), never from
    evaluation questions.
    """

    def __init__(self, texts: Iterable[str]) -> None:
        """Count the spelt forms of every bare one-, two- and three-syllable phrase in ``texts``."""
        seen: dict[str, Counter[str]] = {}
        # A line typed without tone marks teaches no spelling; counted, its bare forms would
        # outvote the spelt ones ("giua" over "giữa") as more such lines are written.
        spelt_texts = [text for text in texts if not (text.isascii() or looks_like_bare_vietnamese(text))]
        for text in [*spelt_texts, *_VIETNAMESE_SPELLING.values()]:
            for clause in _CLAUSE.findall(text.lower()):
                syllables = _SYLLABLE.findall(clause)
                for size in (1, 2, 3):
                    for start in range(len(syllables) - size + 1):
                        spelt = " ".join(syllables[start : start + size])
                        seen.setdefault(strip_tone_marks(spelt), Counter())[spelt] += 1
        self.spelling: dict[str, str] = {}
        for bare, forms in seen.items():
            spelt, count = forms.most_common(1)[0]
            if spelt == bare:
                continue  # nothing to restore
            if " " not in bare and (count < MIN_SYLLABLE_COUNT or count / sum(forms.values()) < MIN_SYLLABLE_SHARE):
                continue  # an ambiguous single syllable: leave it bare
            self.spelling[bare] = spelt
        for bare, spelt in _VIETNAMESE_SPELLING.items():  # the curated office phrases win
            self.spelling[bare] = spelt

    def restore(self, text: str) -> str:
        """``text`` with every known bare phrase spelt (longest phrase first), or ``""`` if none is."""
        restored: list[str] = []
        changed = False
        for clause in _CLAUSE.findall(text.lower()):
            syllables = _SYLLABLE.findall(clause)
            start = 0
            while start < len(syllables):
                for size in (3, 2, 1):
                    spelt = self.spelling.get(" ".join(syllables[start : start + size]))
                    if spelt and start + size <= len(syllables):  # a whole phrase, not a cut-off one
                        restored.append(spelt)
                        start += size
                        changed = True
                        break
                else:
                    restored.append(syllables[start])
                    start += 1
        return " ".join(restored) if changed else ""


def vietnamese_texts(situations: dict[str, dict[str, list[str]]], labels: Iterable[tuple[str, list[str]]]) -> list[str]:
    """The Vietnamese lines a :class:`VietnameseSpelling` learns from: situations, titles, aliases."""
    texts = [line for by_language in situations.values() for line in by_language.get("vi", [])]
    for title, aliases in labels:
        texts += [title, *aliases]
    return texts


def normalise_informal(text: str, language: str, spelling: VietnameseSpelling | None = None) -> str:
    """``text`` with the standard forms of its informal words added for search.

    Indonesian and Malay shorthand gets its standard form, and reduplication written with a
    "2" is spelt out. In Vietnamese, "ai" and "Ai" are the word "who", never AI: they are
    replaced by "người nào" so that neither the model nor BM25 reads them as AI. Vietnamese
    typed without tone marks gets its spelt form added: the curated office phrases, and with
    ``spelling`` the whole question as our own Vietnamese text spells it.
    """
    if language == "vi":
        # Vietnamese with no marked letter at all was typed without tone marks, even when
        # too few of its syllables are in the curated list to tell it from other languages.
        bare = looks_like_bare_vietnamese(text) or text.isascii()
        spelt_out = [_VIETNAMESE_ABBREVIATIONS[m] for m in dict.fromkeys(_VIETNAMESE_ABBREVIATION.findall(text))]
        text = _VIETNAMESE_WHO.sub("người nào", text)
        if bare:
            restored = spelling.restore(text) if spelling is not None else ""
            text = f"{text} ({restored})" if restored else _with_spelling(text)
        return f"{text} ({', '.join(spelt_out)})" if spelt_out else text
    if language not in {"id", "ms"}:
        return text
    spelt = _REDUPLICATION.sub(lambda m: f"{m[1]}-{m[1]}", text)
    additions = []
    for word in _WORD.findall(spelt):
        standard = _MALAY_FAMILY_SHORTHAND.get(word.lower())
        if standard and standard not in additions:
            additions.append(standard)
    return f"{spelt} ({' '.join(additions)})" if additions else spelt


def _with_spelling(text: str) -> str:
    """Bare Vietnamese with the spelt forms of the office phrases it contains added."""
    lowered = " ".join(_WORD.findall(text.lower()))
    spelt = [v for bare, v in _VIETNAMESE_SPELLING.items() if re.search(rf"\b{bare}\b", lowered)]
    return f"{text} ({', '.join(spelt)})" if spelt else text
