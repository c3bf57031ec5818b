"""Articles in: decoding bytes, HTML to text, front matter, the article model, readers for files and JSON lines,
the corpus store, sentences.

Imports: the standard library, text-handling packages, pyarrow (lazily, for the store's snapshot index) and
`geo`'s base modules (`geo.files`, `geo.resources`).
Nothing from another stage.
"""
