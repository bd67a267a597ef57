"""Korean search: spacing and particles do not matter, on SQLite FTS5 and PostgreSQL alike."""

import pytest

from ieum.core.models import SearchEntry
from ieum.core.search import (
    index_objects,
    matching_ids,
    query_tokens,
    register_kind,
    tokenize,
    unindex_objects,
)

KIND = register_kind("tests.product", code=9001)
OTHER_KIND = register_kind("tests.other", code=9002)

PRODUCTS = {
    1: "대나무칫솔 4개입",
    2: "고체 샴푸바",
    3: "햇살나눔 사회적협동조합 도시락",
    4: "공정무역 커피 원두",
    5: "Green Shop 친환경 세제",
}


def found(query: str, kind: str = KIND) -> set[int]:
    ids = matching_ids(kind, query)
    assert ids is not None, f"{query!r} gave no token"
    return set(SearchEntry.objects.filter(object_id__in=ids).values_list("object_id", flat=True))


@pytest.fixture
def products(db):
    index_objects(KIND, PRODUCTS)
    return PRODUCTS


# --- tokenize -----------------------------------------------------------------------------


def test_spacing_does_not_change_the_tokens():
    assert set(tokenize("대나무칫솔")) == set(tokenize("대나무 칫솔"))
    assert set(tokenize("대나무칫솔")) >= {"대나무", "칫솔"}


def test_a_particle_adds_no_token():
    assert set(tokenize("샴푸바를")) >= set(tokenize("샴푸바"))
    assert set(tokenize("샴푸바를")) == set(tokenize("샴푸바"))
    assert set(tokenize("협동조합의")) == set(tokenize("협동조합")) == {"협동조합"}


def test_tokens_are_lower_case_and_distinct():
    assert tokenize("Green GREEN green") == ["green"]


def test_blank_text_has_no_token():
    assert tokenize("") == []
    assert tokenize("   ") == []
    assert query_tokens("!!! ???") == []


# --- matching_ids against the database ----------------------------------------------------


@pytest.mark.parametrize("query", ["대나무칫솔", "대나무 칫솔", "대나무 칫솔을", "칫솔"])
def test_spacing_and_particle_variants_find_the_product(products, query):
    assert found(query) == {1}


@pytest.mark.parametrize("query", ["샴푸바", "샴푸바를", "샴푸 바"])
def test_particle_on_the_query_still_finds_the_product(products, query):
    assert found(query) == {2}


@pytest.mark.parametrize("query", ["햇살", "햇살나눔", "나눔", "협동조합의", "사회적협동조합"])
def test_part_or_prefix_of_a_word_finds_the_whole_word(products, query):
    assert found(query) == {3}


def test_prefix_of_a_latin_word_finds_it_case_insensitively(products):
    assert found("gre") == {5}
    assert found("GREEN sh") == {5}


def test_every_query_token_must_match(products):
    assert found("커피 원두") == {4}
    assert found("커피 칫솔") == set()


@pytest.mark.parametrize("query", ["자동차", "노트북", "사과", "and", "or"])
def test_unrelated_words_find_nothing(products, query):
    assert found(query) == set()


def test_other_kinds_are_not_returned(products):
    index_objects(OTHER_KIND, {1: "자동차", 99: "대나무칫솔"})
    assert found("대나무칫솔") == {1}
    assert found("자동차") == set()
    assert found("대나무칫솔", kind=OTHER_KIND) == {99}


def test_unindex_removes_the_object(products):
    unindex_objects(KIND, [1, 2])
    assert found("칫솔") == set()
    assert found("샴푸바") == set()
    assert found("커피") == {4}


def test_reindexing_replaces_the_old_text(products):
    index_objects(KIND, {1: "유기농 수세미"})
    assert found("칫솔") == set()
    assert found("수세미") == {1}
    assert SearchEntry.objects.filter(kind=KIND, object_id=1).count() == 1


def test_query_without_tokens_gives_none(products):
    assert matching_ids(KIND, "") is None
    assert matching_ids(KIND, "  !? ") is None


def test_query_syntax_characters_are_harmless(products):
    assert found('"대나무* 칫솔" (') == {1}
    assert found("커피' & !원두:*") == {4}
