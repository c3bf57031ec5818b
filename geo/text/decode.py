"""Bytes to text: UTF-8 (BOM or not), UTF-16/32, a per-sequence legacy fallback, binary sniffing, and repair of
text that was encoded twice (mojibake).

Decoding never fails silently and never garbles: bytes that are not valid UTF-8 are read as legacy text one
invalid sequence at a time (a file whose lines mix UTF-8 and cp1252 comes out right); a fallback that looks
implausible is re-guessed with charset-normalizer or refused with a message.
"""

from __future__ import annotations

import codecs
import contextvars
import re

import ftfy

from geo.text.article import ArticleError

__all__ = ["decode_text", "repair_mojibake"]

_LATIN_CODECS = frozenset({
    "cp1250", "cp1252", "cp1254", "cp1257", "cp1258", "cp437", "cp850", "cp852", "cp858", "latin_1", "iso8859_2",
    "iso8859_3", "iso8859_4", "iso8859_9", "iso8859_10", "iso8859_13", "iso8859_14", "iso8859_15", "iso8859_16",
    "mac_roman", "mac_latin2", "mac_iceland", "mac_turkish"})
_LEGACY_ENCODING = "cp1252"  # Windows Western European: what French and English legacy files use

# Signatures long enough that no article starts with them ("RIFF between Bamako and Paris", "MZ" and "GIF8"
# alone are words): a short ASCII prefix counts only with the bytes that follow it in real files.
_MAGIC: tuple[tuple[re.Pattern[bytes], str], ...] = tuple((re.compile(pattern, re.S), kind) for pattern, kind in (
    (rb"\x89PNG\r\n\x1a\n", "a PNG image"), (rb"\xff\xd8\xff", "a JPEG image"), (rb"GIF8[79]a", "a GIF image"),
    (rb"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.odt document)"), (rb"%PDF-\d", "a PDF document"),
    (rb"\x1f\x8b", "a gzip archive"), (rb"\x7fELF", "a program"), (rb"MZ[\x00-\xff]{0,58}\x00", "a Windows program"),
    (rb"\xd0\xcf\x11\xe0", "an old Microsoft Office document"), (rb"\{\\rtf1", "an RTF document"),
    (rb"Rar!\x1a\x07", "a RAR archive"), (rb"7z\xbc\xaf", "a 7-Zip archive"),
    (rb"RIFF.{4}(?:WAVE|AVI |WEBP|RMID|CDXA|ACON)", "a media file"),
))
# C0 controls other than tab, newline, vertical tab, form feed, carriage return and escape; and DEL.
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])


class _FallbackLog:
    """Text produced by the legacy fallback during one decode, to judge whether the guess was plausible."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self.chars: list[str] = []


_fallback_log: contextvars.ContextVar[_FallbackLog] = contextvars.ContextVar("sahel_corpus_fallback")


def _legacy_fallback(error: UnicodeError) -> tuple[str, int]:
    """Codec error handler: decode the bytes that are not UTF-8 with the legacy encoding of this decode."""
    if not isinstance(error, UnicodeDecodeError):
        raise error
    log = _fallback_log.get()
    chunk = error.object[error.start:error.end]
    try:
        text = chunk.decode(log.encoding)
    except UnicodeDecodeError:
        text = chunk.decode("latin-1")  # bytes undefined in cp1252 become C1 controls: judged implausible below
    log.chars.append(text)
    return text, error.end


codecs.register_error("sahel_corpus_legacy", _legacy_fallback)


def _binary_kind(data: bytes) -> str | None:
    """What the bytes look like if they are not text, else None."""
    for magic, kind in _MAGIC:
        if magic.match(data):
            return kind
    head = data[:65_536]
    if b"\x00" in head:
        return "binary data (it contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if controls > max(8, len(head) // 100):
        return "binary data (it is full of control characters)"
    return None


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 without a BOM (every other byte NUL, as with ASCII-range text), else None."""
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    odd_nuls, even_nuls = head[1::2].count(0), head[0::2].count(0)
    half = len(head) // 2
    codec = "utf-16-le" if odd_nuls > 0.6 * half and even_nuls == 0 else \
        "utf-16-be" if even_nuls > 0.6 * half and odd_nuls == 0 else None
    if codec is None:
        return None
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


_HTML_CHARSET = re.compile(rb"""<meta[^>]{0,300}?charset\s{0,5}=\s{0,5}["']?\s{0,5}([A-Za-z0-9_.:-]{1,40})""", re.I)


def _declared_legacy_encoding(data: bytes, kind: str) -> str:
    """The legacy encoding to fall back on: an HTML page's declared charset if usable, else cp1252."""
    if kind == "html":
        match = _HTML_CHARSET.search(data[:4096])
        if match:
            try:
                name = codecs.lookup(match.group(1).decode("ascii")).name
            except LookupError:
                name = ""
            if name and not name.startswith(("utf", "ascii")) and name != "latin-1":
                return name  # latin-1 declarations are really cp1252, as browsers treat them
    return _LEGACY_ENCODING


def _implausible(fallback: str, text: str) -> bool:
    """True when the legacy fallback produced what looks like a wrong guess (controls, or mostly non-ASCII)."""
    if any("\x80" <= ch <= "\x9f" for ch in fallback):
        return True
    letters = sum(ch.isalpha() for ch in text)
    return len(fallback) > 20 and len(fallback) > 0.3 * max(letters, 1)


def decode_text(data: bytes, name: str, kind: str = "text") -> str:
    """Bytes to str.  UTF-8 (with/without BOM), UTF-16/32 with BOM, else UTF-8 with a per-sequence legacy fallback.

    Raises ArticleError for binary data or when no plausible decoding exists.

    >>> decode_text("Niamey, le 22 décembre".encode("cp1252") + "\\nà Gao".encode("utf-8"), "x.txt")
    'Niamey, le 22 décembre\\nà Gao'
    """
    for bom, codec in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                       (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                       (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom) and codec != "utf-8-sig":
            try:
                return data.decode(codec)
            except UnicodeDecodeError as exc:
                raise ArticleError(
                    f"{name} starts like {codec.upper()} text but is damaged at byte {exc.start:,}. "
                    "Save it again as UTF-8 and retry.") from None
        if data.startswith(bom):
            data = data[len(bom):]
            break
    kind_of_binary = _binary_kind(data)
    if kind_of_binary is not None:
        utf16 = _utf16_without_bom(data) if kind_of_binary.startswith("binary data (it contains NUL") else None
        if utf16 is not None:
            return utf16
        raise ArticleError(
            f"{name} is not a text file: it looks like {kind_of_binary}. "
            "Load the article as .txt, .md or .html (for a Word or PDF document, copy its text and paste it).")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    # Why per byte sequence rather than per file: files assembled from several sources mix UTF-8 lines with
    # cp1252 ones; each valid UTF-8 sequence stays UTF-8 and only the invalid bytes are read as legacy text.
    log = _FallbackLog(_declared_legacy_encoding(data, kind))
    token = _fallback_log.set(log)
    try:
        text = data.decode("utf-8", errors="sahel_corpus_legacy")
    finally:
        _fallback_log.reset(token)
    if not _implausible("".join(log.chars), text):
        return text
    guessed = _guess_with_charset_normalizer(data)
    if guessed is not None:
        return guessed
    raise ArticleError(
        f"Could not tell how {name} is encoded (it is neither UTF-8 nor Western European text). "
        "Open it in a text editor, save it as UTF-8 and load it again.")


def _guess_with_charset_normalizer(data: bytes) -> str | None:
    """A whole-file guess for legacy encodings other than cp1252 (Cyrillic, Arabic...), or None."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # optional: without it, such files are refused with a clear message
        return None
    best = from_bytes(data[:1_000_000]).best()
    # Why refuse Latin-script guesses: cp1252 was already judged implausible, and a neighbouring Latin code page
    # (cp1250, mac_roman...) would only produce a different mojibake.
    if best is None or best.encoding in ("utf_8", "ascii") or best.encoding in _LATIN_CODECS:
        return None
    if best.coherence < 0.2 or best.chaos > 0.1:  # no recognisable language: a guess would be mojibake
        return None
    try:
        text = data.decode(best.encoding)
    except (UnicodeDecodeError, LookupError):
        return None
    return None if any("\x80" <= ch <= "\x9f" for ch in text) else text


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as cp1252/latin-1 and saved again ("MÃ©naka" -> "Ménaka").

    ftfy changes only sequences that are very unlikely to be intended, so clean text is returned unchanged;
    quotes, dashes and spacing are left as written (``fix_encoding``, not ``fix_text``).

    >>> repair_mojibake("Les autoritÃ©s Ã  MÃ©naka")
    'Les autorités à Ménaka'
    """
    return ftfy.fix_encoding(text)
