"""Korean-aware search shared by the registry, the mall and the content platform.

Text is split into morphemes with kiwipiepy so that particles and spacing do not matter:
'샴푸바를' and '샴푸바' give the same tokens, and so do '대나무칫솔' and '대나무 칫솔'.
The tokens are stored in SearchEntry and matched by the database's full-text engine:
SQLite FTS5 or a PostgreSQL tsvector column with a GIN index ('simple' configuration, no stemming,
because the morphemes are already the stems). Every query token is a prefix match so the
results can follow the user's typing.

Each kind of object is registered with a small number (`register_kind`), and an entry's id is
that number × 2⁴⁰ + the object's id. A search then asks the full-text index for a range of ids
and subtracts the base: no join back to the entry table, which is what keeps a word matching
half of 50,000 enterprises fast.
"""

import re
import threading
from collections.abc import Callable, Iterable

from django.db import connection, models, transaction
from django.utils.module_loading import autodiscover_modules

from .models import SearchEntry

# Content-bearing morpheme tags: nouns, verb/adjective stems, roots, foreign words, numbers.
_KEEP_TAGS = ("NNG", "NNP", "NNB", "NR", "NP", "VV", "VA", "XR", "SL", "SN", "SH", "MAG")
_WORD = re.compile(r"[0-9A-Za-z\uac00-\ud7a3]+")
_lock = threading.Lock()
_kiwi = None
_KIND_SPAN = 1 << 40
_kind_codes: dict[str, int] = {}
_rebuilders: dict[str, Callable[[], None]] = {}


def register_kind(name: str, *, code: int, rebuild: Callable[[], None] | None = None) -> str:
    """Declare a searchable kind ('enterprises.enterprise') with its fixed number (1 … 8,000,000)
    and the function that indexes every object of the kind again (`ieum search_reindex`).

    The number is stored in every entry's id: never change it once entries exist.
    """
    if not 1 <= code < (1 << 23):
        raise ValueError(f"search kind code out of range: {code}")
    for other, other_code in _kind_codes.items():
        if (other == name) != (other_code == code):
            raise ValueError(f"search kind {name!r}/{code} clashes with {other!r}/{other_code}")
    _kind_codes[name] = code
    if rebuild is not None:
        _rebuilders[name] = rebuild
    return name


def rebuild_all() -> dict[str, int]:
    """Index every registered kind again from its data; returns the entries per kind."""
    autodiscover_modules("services")
    counts = {}
    for kind, rebuild in sorted(_rebuilders.items()):
        with transaction.atomic():
            SearchEntry.objects.filter(kind=kind).delete()
            rebuild()
        counts[kind] = SearchEntry.objects.filter(kind=kind).count()
    return counts


def _base(kind: str) -> int:
    try:
        return _kind_codes[kind] * _KIND_SPAN
    except KeyError:
        raise KeyError(f"search kind {kind!r} is not registered (search.register_kind)") from None


def _analyzer():
    global _kiwi
    if _kiwi is None:
        with _lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                _kiwi = Kiwi()
    return _kiwi


def warm_up() -> None:
    """Load the morpheme model now (6–10 s) rather than in the first search's request: called
    when a web process (ieum/wsgi.py) or a worker starts."""
    tokenize("이음 검색 준비")


def _clean(tokens: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for token in tokens:
        for part in _WORD.findall(token.lower()):
            seen.setdefault(part, None)
    return list(seen)


# Words are analysed one at a time, the same way in documents and in queries, so that a word
# splits into the same morphemes wherever it stands ('두부공방' alone or after other words).
# Words repeat a great deal (districts, industries, 협동조합), hence the cache.
_word_cache: dict[str, tuple[str, ...]] = {}
_WORD_CACHE_LIMIT = 300_000


def _analyse_words(words: Iterable[str]) -> None:
    todo = list(dict.fromkeys(w for w in words if w not in _word_cache))
    if not todo:
        return
    if len(_word_cache) + len(todo) > _WORD_CACHE_LIMIT:
        _word_cache.clear()
    for word, morphs in zip(todo, _analyzer().tokenize(todo), strict=True):
        _word_cache[word] = tuple(_clean(m.form for m in morphs if m.tag.startswith(_KEEP_TAGS)))


def _words(text: str) -> list[str]:
    return (text or "").split()


def tokenize(text: str) -> list[str]:
    """The distinct morphemes of `text` that carry meaning, lower-cased, in order."""
    words = _words(text)
    _analyse_words(words)
    return _clean(token for word in words for token in _word_cache.get(word, ()))


def tokenize_many(texts: list[str]) -> list[list[str]]:
    """`tokenize` for many texts at once (kiwipiepy analyses the new words in one batch)."""
    _analyse_words(word for text in texts for word in _words(text))
    return [tokenize(text) for text in texts]


def document_tokens(text: str) -> str:
    """What goes in the index for `text`: its morphemes plus its plain words (for names, codes)."""
    return " ".join(_clean([*tokenize(text), *_words(text)]))


def index_objects(kind: str, documents: dict[int, str]) -> None:
    """Index (or re-index) objects of `kind`: {object_id: text}, in the caller's transaction."""
    if not documents:
        return
    base = _base(kind)
    ids = list(documents)
    tokenize_many([documents[i] for i in ids])
    entries = [
        SearchEntry(
            id=base + object_id,
            kind=kind,
            object_id=object_id,
            tokens=document_tokens(documents[object_id]),
        )
        for object_id in ids
    ]
    with transaction.atomic():
        for start in range(0, len(ids), 500):
            SearchEntry.objects.filter(kind=kind, object_id__in=ids[start : start + 500]).delete()
        SearchEntry.objects.bulk_create(entries, batch_size=500)


def unindex_objects(kind: str, object_ids: Iterable[int]) -> None:
    SearchEntry.objects.filter(kind=kind, object_id__in=list(object_ids)).delete()


def query_tokens(query: str) -> list[str]:
    """The tokens a query is matched on: morphemes, or the plain words when there are none."""
    return tokenize(query) or _clean(query.split())


def matching_ids(kind: str, query: str) -> models.expressions.RawSQL | None:
    """A subquery of the object ids of `kind` whose text matches every token of `query`.

    Use as `Model.objects.filter(pk__in=matching_ids(...))`; None when the query has no token.
    """
    tokens = query_tokens(query)
    if not tokens:
        return None
    base = _base(kind)
    bounds = (base, base + _KIND_SPAN - 1)
    # Tokens are [0-9a-z가-힣]+ only (_clean), and every value is bound as a parameter.
    if connection.vendor == "postgresql":
        tsquery = " & ".join(f"'{t}':*" for t in tokens)
        sql = (
            "SELECT id - %s FROM core_searchentry WHERE id BETWEEN %s AND %s "
            "AND tokens_tsv @@ to_tsquery('simple', %s)"
        )
        return models.expressions.RawSQL(sql, (base, *bounds, tsquery))  # noqa: S611
    match = " ".join(f'"{t}"*' for t in tokens)
    sql = (
        "SELECT rowid - %s FROM core_searchfts "
        "WHERE core_searchfts MATCH %s AND rowid BETWEEN %s AND %s"
    )
    return models.expressions.RawSQL(sql, (base, match, *bounds))  # noqa: S611
