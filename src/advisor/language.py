"""Language detection and script-aware tokenisation for the region's languages.

Thai, Lao, Khmer and Burmese are written without spaces between words, so a whitespace
tokenizer sees one giant token. Thai is segmented with PyThaiNLP's dictionary tokenizer; Lao,
Khmer and Burmese (which PyThaiNLP does not segment) fall back to character bigrams, which
still let an alias match part of a question.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

# Unicode blocks of the scripts that identify a language on their own.
_SCRIPT_RANGES: dict[str, tuple[int, int]] = {
    "th": (0x0E00, 0x0E7F),
    "lo": (0x0E80, 0x0EFF),
    "my": (0x1000, 0x109F),
    "km": (0x1780, 0x17FF),
}
_NO_SPACE_LANGUAGES = frozenset(_SCRIPT_RANGES)
_LATIN_CANDIDATES = ["en", "id", "ms", "vi", "tl"]
_WORD = re.compile(r"[\w][\w'-]*", re.UNICODE)

# English function words: a short query made only of these and domain terms is English.
ENGLISH_STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "can",
        "could",
        "did",
        "do",
        "does",
        "for",
        "from",
        "has",
        "have",
        "how",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "me",
        "my",
        "of",
        "on",
        "or",
        "our",
        "should",
        "so",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "us",
        "was",
        "we",
        "what",
        "when",
        "where",
        "which",
        "who",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
        "about",
        "need",
        "needs",
        "learn",
        "learning",
        "know",
        "want",
        "get",
        "use",
        "using",
        "used",
        "help",
        "more",
        "most",
        "some",
        "any",
        "all",
        "also",
        "am",
    ]
)


def script_language(text: str) -> str | None:
    """The language given away by the script (th, lo, my, km), or ``None`` for other scripts."""
    counts = dict.fromkeys(_SCRIPT_RANGES, 0)
    for char in text:
        code = ord(char)
        for language, (low, high) in _SCRIPT_RANGES.items():
            if low <= code <= high:
                counts[language] += 1
    best = max(counts, key=lambda language: counts[language])
    return best if counts[best] else None


@lru_cache(maxsize=1)
def _latin_identifier() -> object:
    import py3langid  # loads its model on first use, so only when a Latin-script question comes

    _load_unpacked_model(py3langid)
    py3langid.set_languages(_LATIN_CANDIDATES)
    return py3langid


def _load_unpacked_model(py3langid: Any) -> None:
    """Give py3langid its model from an unpacked copy next to the index, unpacking it once.

    The packaged model is xz-compressed: unpacking it took about half of the first answer of
    every fresh process. The copy keeps only the languages we ask it to choose between (the
    table of the others is most of its size), and is keyed by the package version, the
    packed file's size and time, and those languages, so an upgrade unpacks again. Anything
    unexpected leaves py3langid to load its own model as before: this only saves time, and
    the detections are the same.
    """
    try:
        import lzma
        import os
        import shutil
        import tempfile

        import numpy as np
        from py3langid import langid, modelio

        from advisor.config import Settings

        packed = langid.MODEL_DIR / langid.MODEL_FILE
        stat = packed.stat()
        version = getattr(py3langid, "__version__", "0")
        folder = Settings.from_env().index_dir
        key = f"{version}-{stat.st_size}-{stat.st_mtime_ns}-{'-'.join(_LATIN_CANDIDATES)}"
        unpacked = folder / f"langid-{key}.npz"
        if not unpacked.exists():
            with tempfile.TemporaryFile() as raw:
                with lzma.open(packed) as source:
                    shutil.copyfileobj(source, raw, length=1 << 20)
                raw.seek(0)
                with np.load(raw, allow_pickle=False) as full:
                    keep = [n for n, code in enumerate(full["classes"].tolist()) if code in _LATIN_CANDIDATES]
                    arrays = {name: full[name] for name in ("nextmove", "nextmove_row", "out_feat")}
                    arrays |= {"ptc": full["ptc"][:, keep], "pc": full["pc"][keep], "classes": full["classes"][keep]}
            folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".langid-", dir=folder)
            try:
                with os.fdopen(handle, "wb") as out:
                    np.savez(out, **arrays)
                os.replace(temporary, unpacked)  # atomic: a reader sees all of it or nothing
            finally:
                if os.path.exists(temporary):
                    os.unlink(temporary)
        with np.load(unpacked, allow_pickle=False) as data:
            identifier = langid.LanguageIdentifier(
                np.asarray(data["ptc"]),
                np.asarray(data["pc"]),
                data["classes"].tolist(),
                modelio._to_array(data["nextmove"]),
                data["out_feat"].tolist(),
                tk_row=modelio._to_array(data["nextmove_row"]),
            )
        langid.IDENTIFIER = identifier
    except Exception:  # any failure at all: py3langid then loads its packed model itself
        return


def detect_language(text: str, vocabulary: dict[str, frozenset[str]] | None = None) -> str:
    """Detect the language of a question.

    Args:
        text: the question.
        vocabulary: optional words known per language (from the multilingual labels); they
            settle short questions where statistical detection is unreliable.

    Returns:
        A catalogue language code: th, lo, my, km by script; else en, id, ms, vi or fil.
    """
    by_script = script_language(text)
    if by_script:
        return by_script
    words = [w.lower() for w in _WORD.findall(text)]
    if _has_vietnamese_letters(text):
        return "vi"
    if len(words) <= 3:
        return _vote_by_vocabulary(words, vocabulary or {})
    detector = _latin_identifier()
    code, _ = detector.classify(text)  # type: ignore[attr-defined]
    if code in {"id", "ms"}:
        return _indonesian_or_malay(words, vocabulary or {}, default=str(code))
    return "fil" if code == "tl" else str(code)


# Everyday words that differ between Indonesian and Malay; statistical detectors often confuse
# the two on short questions.
_INDONESIAN_MARKERS = frozenset(
    [
        "kebijakan",
        "pemerintah",
        "pemerintahan",
        "asn",
        "pns",
        "bisa",
        "dapat",
        "instansi",
        "daerah",
        "perumusan",
        "saja",
        "sangat",
        "karena",
        "bagaimana",
        "kementerian",
        "lembaga",
        "pegawai",
        "anggaran",
        "kantor",
        "tentang",
        "gimana",
        "apakah",
    ]
)
_MALAY_MARKERS = frozenset(
    [
        "kerajaan",
        "dasar",
        "boleh",
        "penjawat",
        "awam",
        "jabatan",
        "perolehan",
        "bagaimanakah",
        "kemahiran",
        "agensi",
        "maklumat",
        "perkhidmatan",
        "penggubalan",
        "sahaja",
        "amat",
        "kerana",
        "mengenai",
        "kakitangan",
        "pejabat",
    ]
)


def _indonesian_or_malay(words: list[str], vocabulary: dict[str, frozenset[str]], default: str) -> str:
    indonesian = _INDONESIAN_MARKERS | (vocabulary.get("id", frozenset()) - vocabulary.get("ms", frozenset()))
    malay = _MALAY_MARKERS | (vocabulary.get("ms", frozenset()) - vocabulary.get("id", frozenset()))
    score_id = sum(w in indonesian for w in words) - sum(w in _MALAY_MARKERS for w in words)
    score_ms = sum(w in malay for w in words) - sum(w in _INDONESIAN_MARKERS for w in words)
    if score_id == score_ms:
        return default
    return "id" if score_id > score_ms else "ms"


def _has_vietnamese_letters(text: str) -> bool:
    # Letters such as ư, ơ, đ and stacked tone marks occur in Vietnamese and nowhere else here.
    return bool(re.search(r"[ăâđêôơưĂÂĐÊÔƠƯạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]", text))


def _vote_by_vocabulary(words: list[str], vocabulary: dict[str, frozenset[str]]) -> str:
    # Short keyword queries ("data", "pengadaan"): English unless another language's
    # labels claim more of the words than English does.
    if not words or all(w in ENGLISH_STOPWORDS or w in vocabulary.get("en", frozenset()) for w in words):
        return "en"
    scores = {lang: sum(w in known for w in words) for lang, known in vocabulary.items() if lang != "en"}
    best = max(scores, key=lambda lang: scores[lang], default=None)
    return best if best and scores[best] else "en"


def normalize(text: str) -> str:
    """Case-fold and compose Unicode so that typed and stored spellings compare equal."""
    return unicodedata.normalize("NFC", text).casefold()


_KNOWN_THAI: dict[str, list[str]] = {}
"""Thai runs already segmented (the aliases, saved with the index): no PyThaiNLP needed for them."""


def thai_token_table(texts: Iterable[str]) -> dict[str, list[str]]:
    """PyThaiNLP's tokens for every Thai run in ``texts``, to save with the index.

    Importing PyThaiNLP and building its dictionary takes seconds; with this table a process
    that loads an index segments the aliases without it, and pays for it only on the first
    Thai question.
    """
    table: dict[str, list[str]] = {}
    for text in texts:
        for run, run_language in _script_runs(normalize(text)):
            if run_language == "th" and run not in table:
                table[run] = [t for t in _thai_tokenizer()(run, engine="newmm") if t.strip()]
    return table


def remember_thai_tokens(table: dict[str, list[str]]) -> None:
    """Use ``table`` (from :func:`thai_token_table`) for the Thai runs it holds."""
    _KNOWN_THAI.update(table)


@lru_cache(maxsize=1)
def _thai_tokenizer() -> Any:
    from pythainlp.tokenize import word_tokenize

    return word_tokenize


def tokenize(text: str, language: str | None = None) -> list[str]:
    """Split ``text`` into lowercase tokens suited to its script.

    Latin-script text is split on word boundaries; Thai is segmented with PyThaiNLP; Lao,
    Khmer and Burmese become character bigrams. Mixed text is handled run by run.
    """
    tokens: list[str] = []
    for run, run_language in _script_runs(normalize(text)):
        if run_language == "th":
            known = _KNOWN_THAI.get(run)
            tokens.extend(
                known if known is not None else [t for t in _thai_tokenizer()(run, engine="newmm") if t.strip()]
            )
        elif run_language in _NO_SPACE_LANGUAGES:
            compact = run.replace(" ", "")
            tokens.extend(compact[i : i + 2] for i in range(max(len(compact) - 1, 1)))
        else:
            tokens.extend(_WORD.findall(run))
    return tokens


def _script_runs(text: str) -> list[tuple[str, str | None]]:
    runs: list[tuple[str, str | None]] = []
    current: list[str] = []
    current_language: str | None = None
    for char in text:
        language = _char_script(char) if not char.isspace() else current_language
        if current and language != current_language:
            runs.append(("".join(current), current_language))
            current = []
        current.append(char)
        current_language = language
    if current:
        runs.append(("".join(current), current_language))
    return runs


def _char_script(char: str) -> str | None:
    code = ord(char)
    for language, (low, high) in _SCRIPT_RANGES.items():
        if low <= code <= high:
            return language
    return None


def writes_without_spaces(language: str) -> bool:
    """Whether ``language`` is written without spaces between words."""
    return language in _NO_SPACE_LANGUAGES
