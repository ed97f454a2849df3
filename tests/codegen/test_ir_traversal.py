"""The one traversal of the IR's type tree: ``ir.children``, ``ir.map_type`` and ``ir.walk``,
and the resolver passes built on them (alias cycles cut, types capped in depth)."""

from __future__ import annotations

from thingsgen.codegen import ir
from thingsgen.codegen.resolve import passes

S = ir.Primitive("string")
I = ir.Primitive("integer")
CHOICE = ir.OneOf((S, ir.Ref("A")), ("a", None), False)


def test_children_of_each_kind_of_type() -> None:
    assert ir.children(ir.ArrayOf(S)) == (S,)
    assert ir.children(ir.MapOf(I)) == (I,)
    assert ir.children(ir.Nullable(S)) == (S,)
    assert ir.children(CHOICE) == (S, ir.Ref("A"))
    for leaf in (S, ir.AnyValue(), ir.Ref("A")):
        assert ir.children(leaf) == ()


def test_map_type_replaces_the_children_one_level_down_only() -> None:
    def f(t: ir.TypeRef) -> ir.TypeRef:
        return I if t == S else t

    assert ir.map_type(f, ir.ArrayOf(S)) == ir.ArrayOf(I)
    assert ir.map_type(f, ir.MapOf(S)) == ir.MapOf(I)
    assert ir.map_type(f, ir.Nullable(S)) == ir.Nullable(I)
    assert ir.map_type(f, ir.ArrayOf(ir.ArrayOf(S))) == ir.ArrayOf(ir.ArrayOf(S))  # f does not recurse
    # a choice keeps its keys and whether it is distinguishable
    assert ir.map_type(f, CHOICE) == ir.OneOf((I, ir.Ref("A")), ("a", None), False)
    for leaf in (S, ir.AnyValue(), ir.Ref("A")):
        assert ir.map_type(lambda _: ir.AnyValue(), leaf) is leaf


def test_walk_is_parents_first_in_order_and_does_not_recurse() -> None:
    t = ir.Nullable(ir.OneOf((ir.ArrayOf(ir.Ref("A")), ir.MapOf(ir.Ref("B")), ir.Ref("C")), (None, None, None), True))
    assert [r.name for r in ir.walk(t) if isinstance(r, ir.Ref)] == ["A", "B", "C"]
    assert list(ir.walk(S)) == [S]
    deep: ir.TypeRef = S
    for _ in range(5000):  # far deeper than Python's recursion limit
        deep = ir.ArrayOf(deep)
    assert sum(1 for _ in ir.walk(deep)) == 5001


def test_cap_replaces_what_lies_too_deep_by_any_value() -> None:
    deep: ir.TypeRef = S
    for _ in range(passes.MAX_TYPE_DEPTH + 3):
        deep = ir.ArrayOf(deep)
    capped = passes.cap(deep)
    levels = [t for t in ir.walk(capped)]
    assert len(levels) == passes.MAX_TYPE_DEPTH + 1
    assert levels[-1] == ir.AnyValue()
    shallow = ir.MapOf(ir.Nullable(CHOICE))
    assert passes.cap(shallow) == shallow


def test_alias_cycles_are_cut_at_the_references_that_close_them() -> None:
    src = ir.Source("a.json", "#")
    json_value = ir.OneOf((S, ir.ArrayOf(ir.Ref("Json")), ir.MapOf(ir.Ref("Json"))), (None, None, None), True)
    models: dict[str, ir.Model] = {
        "Json": ir.AliasModel("Json", None, json_value, (), False, src),
        "List": ir.AliasModel("List", None, ir.ArrayOf(ir.Ref("Json")), (), False, src),
    }
    passes.break_alias_cycles(models)
    cut = models["Json"]
    assert isinstance(cut, ir.AliasModel)
    assert cut.type == ir.OneOf((S, ir.ArrayOf(ir.AnyValue()), ir.MapOf(ir.AnyValue())), (None, None, None), True)
    assert models["List"] == ir.AliasModel("List", None, ir.ArrayOf(ir.Ref("Json")), (), False, src)  # not on a cycle


def test_on_cycles_finds_the_nodes_of_every_cycle() -> None:
    edges = {"a": ["b"], "b": ["a"], "c": ["c"], "d": ["a"], "e": []}
    assert passes.on_cycles(edges) == {"a", "b", "c"}


def _nested(depth: int, leaf: ir.TypeRef) -> ir.TypeRef:
    t = leaf
    for i in range(depth):
        t = (ir.ArrayOf, ir.MapOf, ir.Nullable)[i % 3](t)
    return t


def test_too_deep_says_exactly_when_cap_changes_a_type() -> None:
    import random

    rng = random.Random(25)

    def shape(depth: int) -> ir.TypeRef:
        if depth > passes.MAX_TYPE_DEPTH + 2 or rng.random() < 0.05:
            return rng.choice([S, ir.AnyValue(), ir.Ref("A")])
        if rng.random() < 0.1:
            return ir.OneOf((shape(depth + 1), shape(depth + 1)), (None, None), True)
        return rng.choice([ir.ArrayOf, ir.MapOf, ir.Nullable])(shape(depth + 1))

    edge = passes.MAX_TYPE_DEPTH
    types = [shape(0) for _ in range(200)]
    types += [_nested(edge, ir.AnyValue()), _nested(edge, S), _nested(edge - 1, S), _nested(edge + 1, ir.AnyValue())]
    verdicts = [passes.too_deep(t) for t in types]
    assert verdicts == [passes.cap(t) != t for t in types]
    assert verdicts[-4:] == [False, True, False, True]
    assert True in verdicts[:200] and False in verdicts[:200]
