"""The corpus store: bundled sample articles (read-only) plus the articles a user added, saved as Markdown.

Added articles live in ``$SAHEL_CORPUS_DIR`` if set, else ``$XDG_DATA_HOME/sahel-briefing-map/articles``, else
``~/.local/share/sahel-briefing-map/articles``: outside the repository, so they survive updates and restarts.
"""

from __future__ import annotations

import os
from pathlib import Path

from geo.files import write_atomically
from geo.resources import DATA_DIR
from geo.text.article import Article, ArticleError, one_line, slugify
from geo.text.frontmatter import front_matter_document
from geo.text.readers import collect_articles, load_corpus, read_article_file, unique_id

__all__ = ["BUNDLED_DIR", "CorpusStore", "default_store_dir", "safe_filename"]

BUNDLED_DIR = DATA_DIR / "articles"


def default_store_dir() -> Path:
    """Where user-added articles are saved: $SAHEL_CORPUS_DIR, else the XDG data folder."""
    if os.environ.get("SAHEL_CORPUS_DIR"):
        return Path(os.environ["SAHEL_CORPUS_DIR"]).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sahel-briefing-map" / "articles"


def safe_filename(article: Article) -> str:
    """A file name that cannot leave its folder: ASCII slug of the title + text hash + ".md".

    >>> from geo.text.readers import article_from_text
    >>> safe_filename(article_from_text("x", title="../../etc/passwd"))[:-16]
    'etc-passwd'
    """
    return f"{slugify(article.title or article.id, 48)}-{article.digest[:12]}.md"


def _markdown(article: Article) -> str:
    fields = {"id": article.id, "title": article.title, "date": article.date.isoformat() if article.date else "",
              "source": article.source, "origin": article.origin, "language": article.language}
    return front_matter_document(fields, article.text)


class CorpusStore:
    """The dashboard's articles: bundled samples (read-only) plus those the user added (saved as Markdown).

    ``list()`` re-reads both folders, so a new instance (after a restart) sees every saved article.
    Adding an article whose text is already present returns the existing article and writes nothing.
    """

    def __init__(self, folder: Path | None = None, bundled: Path | None = BUNDLED_DIR) -> None:
        self.folder = Path(folder) if folder is not None else default_store_dir()
        self.bundled = Path(bundled) if bundled is not None else None
        self.errors: list[tuple[str, str]] = []  # files that could not be read at the last list()
        self._paths: dict[str, Path] = {}

    def list(self) -> list[Article]:
        """Bundled articles then added ones (each group sorted by file name); unreadable files go to `errors`."""
        bundled, errors = load_corpus([self.bundled]) if self.bundled and self.bundled.is_dir() else ([], [])
        # An added copy of a bundled text is not listed twice, and not reported: the sample already shows it.
        articles, self.errors, self._paths = collect_articles(
            self._added_files(), articles=bundled, errors=errors, skip_duplicate=None)
        return articles

    def _added_files(self) -> list[Path]:
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir()
                      if p.suffix == ".md" and not p.name.startswith(".") and p.is_file())

    def add(self, article: Article, existing: list[Article] | None = None) -> Article:
        """Save `article` (its id made unique if needed) and return it as stored; a duplicate text is not saved.

        `existing` is the result of the last `list()`, when the caller has it (saves reading the folder again).
        """
        existing = self.list() if existing is None else existing
        for other in existing:
            if other.digest == article.digest:
                return other
        article = unique_id(article, {a.id for a in existing})
        self.folder.mkdir(parents=True, exist_ok=True)
        target = self.folder / safe_filename(article)
        # Why check again: the name is built from a slug, but the folder itself could be a symlink trap.
        if target.resolve().parent != self.folder.resolve():
            raise ArticleError("Could not save the article: unsafe file name. Rename the article and retry.")
        write_atomically(target, _markdown(article))
        self._paths[article.id] = target
        return read_article_file(target)

    def remove(self, article_id: str) -> None:
        """Delete an added article.  Bundled samples are read-only; an unknown id raises ArticleError."""
        articles = {a.id: a for a in self.list()}
        if article_id not in articles:
            raise ArticleError(f"No article with id {one_line(str(article_id), 80)!r}. Reload the list.")
        path = self._paths.get(article_id)
        if path is None:
            raise ArticleError("Bundled sample articles are read-only and cannot be removed.")
        path.unlink(missing_ok=True)
        del self._paths[article_id]

    def is_bundled(self, article_id: str) -> bool:
        """True for a bundled sample (as of the last `list()`)."""
        return article_id not in self._paths
