"""Stage: passes over the finished models, each a function of the models (and what it reports):
union cycles, variants linked to their unions, fields a union's variants share, alias cycles
broken (Tarjan), and a depth cap on types."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from ...diagnostics import Diagnostics
from .. import ir
from .context import Loc

MAX_TYPE_DEPTH = 32  # levels of lists, maps, unions in one type; deeper ones are any value (see cap_depth)

Models = dict[str, ir.Model]


def check_union_cycles(models: Models, error: Callable[[str, str, Loc], None]) -> None:
    """A union whose variants are only unions that never reach an object (``A: anyOf [B]``,
    ``B: anyOf [A]``) has no value to decode: an error at the union, not code that does not
    work (issue 24 N24)."""
    unions = {n: m for n, m in models.items() if isinstance(m, ir.UnionModel)}
    concrete: set[str] = set()  # unions that reach a class of values
    changed = True
    while changed:  # a fixed point: each round adds the unions one step further from a value
        changed = False
        for name, u in unions.items():
            if name not in concrete and any(v in concrete or v not in unions for v in (*u.variants, *([u.fallback] if u.fallback else []))):
                concrete.add(name)
                changed = True
    for name in unions.keys() - concrete:
        u = unions[name]
        error("schema.union-cycle", f"{name!r} is a choice between {', '.join(map(repr, u.variants))} only, which are choices among each other: no value is any of them", (u.source.file, u.source.pointer))


def link_variants(models: Models, diags: Diagnostics) -> None:
    """Make every variant of a union a subclass of it, wherever the union was found.

    Component unions named their variants up front (``Models.collect_memberships``); unions
    found inline (a discriminated ``oneOf`` in a property or a response) and inline
    variants of any union are only known once resolved, so their variants are linked here:
    the union's decoder returns the union's type, which each variant must be. A variant
    that lacks the union's discriminator property gets it, as in ``Models.object_model``."""
    for union in [m for m in models.values() if isinstance(m, ir.UnionModel)]:
        for name in union.variants:
            variant = models.get(name)
            if not isinstance(variant, (ir.ObjectModel, ir.UnionModel)) or union.name in variant.unions:
                continue
            if name == union.name or is_base_of(models, name, union.name):
                continue  # a union among its own variants' bases: no class can be both
            variant = replace(variant, unions=(*variant.unions, union.name))
            prop = union.discriminator
            if isinstance(variant, ir.ObjectModel) and prop and not any(f.json_name == prop for f in variant.fields):
                variant = replace(variant, fields=(*variant.fields, ir.Field(json_name=prop, type=ir.Primitive("string"), required=False)))
                diags.info(
                    "schema.discriminator-field",
                    f"{name!r} has no {prop!r} property; added one for the discriminator of {union.name!r}",
                    variant.source.file,
                    variant.source.pointer,
                )
            models[name] = variant


def is_base_of(models: Models, base: str, name: str) -> bool:
    """Whether ``base`` is ``name``'s union, or its union's union, and so on."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        m = models.get(todo.pop())
        for u in getattr(m, "unions", ()):
            if u == base:
                return True
            if u not in seen:
                seen.add(u)
                todo.append(u)
    return False


def type_shared_fields(models: Models) -> None:
    """A property that a discriminated union's own schema declares without a type, and every
    variant declares alike (the same type, required, readOnly, writeOnly and default), is
    declared so in the union's fallback too: each variant refines the union's schema the
    same way, and an unknown variant is read as the known ones are. The union's base class
    then types it as declared (``NetworkAdapter.urn: str | None``), not as any value."""
    for union in [m for m in models.values() if isinstance(m, ir.UnionModel) and m.fallback]:
        assert union.fallback is not None
        fallback = models.get(union.fallback)
        variants = [models.get(v) for v in union.variants]
        if not isinstance(fallback, ir.ObjectModel) or not variants:
            continue
        by_variant: list[dict[str, ir.Field]] = []
        for v in variants:
            if not isinstance(v, ir.ObjectModel):
                break
            by_variant.append({f.json_name: f for f in v.fields})
        else:
            fields = tuple(_as_declared(f, by_variant, union.discriminator) for f in fallback.fields)
            if fields != fallback.fields:
                models[union.fallback] = replace(fallback, fields=fields)


def _as_declared(field: ir.Field, variants: list[dict[str, ir.Field]], discriminator: str | None) -> ir.Field:
    """A fallback's untyped field as every variant declares it, when they all do alike (see
    :func:`type_shared_fields`); else the field as it is."""
    if not isinstance(field.type, ir.AnyValue) or field.json_name == discriminator:
        return field
    theirs = [v.get(field.json_name) for v in variants]
    first = theirs[0]
    if first is None or isinstance(first.type, ir.AnyValue):
        return field

    def shape(f: ir.Field | None) -> tuple[object, ...] | None:
        return None if f is None else (f.type, f.required, f.read_only, f.write_only, f.default)

    if any(shape(f) != shape(first) for f in theirs):
        return field
    return replace(
        field,
        type=first.type,
        required=first.required,
        read_only=first.read_only,
        write_only=first.write_only,
        default=first.default,
        description=field.description or first.description,
    )


def break_alias_cycles(models: Models) -> None:
    """A named non-object schema that contains itself through other such schemas only (a JSON
    value: ``oneOf: [string, number, array of JSONValue, map of JSONValue]``) has no finite
    Python type: inside such schemas, the references that close a cycle become any value."""
    aliases = {n: m for n, m in models.items() if isinstance(m, ir.AliasModel)}
    edges = {n: [r.name for r in ir.walk(m.type) if isinstance(r, ir.Ref) and r.name in aliases] for n, m in aliases.items()}
    cyclic = on_cycles(edges)

    def cut(t: ir.TypeRef) -> ir.TypeRef:
        if isinstance(t, ir.Ref):
            return ir.AnyValue() if t.name in cyclic else t
        return ir.map_type(cut, t)

    for name in sorted(cyclic):
        alias = aliases[name]
        models[name] = replace(alias, type=cut(alias.type))


def on_cycles(edges: dict[str, list[str]]) -> set[str]:
    """The nodes that lie on a cycle of the graph: in a strongly connected component of more than
    one node, or with an edge to themselves. Tarjan's algorithm without recursion, linear in the
    graph (a walk from every node made a chain of n aliases cost n², issue 24 N9)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    position: dict[str, int] = {}
    out: set[str] = set()
    for root, first in edges.items():
        if root in index:
            continue
        work = [(root, iter(first))]
        index[root] = low[root] = len(index)
        position[root] = len(stack)
        stack.append(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    position[child] = len(stack)
                    stack.append(child)
                    work.append((child, iter(edges[child])))
                elif child in position:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if low[node] == index[node]:
                members = stack[position[node] :]
                del stack[position[node] :]
                for m in members:
                    del position[m]
                if len(members) > 1 or node in edges[node]:
                    out.update(members)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


def cap(t: ir.TypeRef, depth: int = 0) -> ir.TypeRef:
    """``t`` with any value in place of what lies :data:`MAX_TYPE_DEPTH` levels down or deeper."""
    if depth >= MAX_TYPE_DEPTH:
        return ir.AnyValue()
    return ir.map_type(lambda child: cap(child, depth + 1), t)


def too_deep(t: ir.TypeRef | None, depth: int = 0) -> bool:
    """Whether :func:`cap` changes ``t`` (a type other than any value lies :data:`MAX_TYPE_DEPTH`
    levels down), found without building the capped type."""
    if t is None:
        return False
    if depth >= MAX_TYPE_DEPTH:
        return t != ir.AnyValue()
    for child in ir.children(t):
        if too_deep(child, depth + 1):
            return True
    return False


def cap_depth(models: Models, operations: list[ir.Operation]) -> list[ir.Operation]:
    """Types nested deeper than :data:`MAX_TYPE_DEPTH` (lists of lists of ... 500 deep) are any
    value below that depth: Python cannot parse an annotation or expression nested that deep
    (the validators still check every level). The models are capped in place; the operations
    are returned capped."""
    for name, m in list(models.items()):
        if isinstance(m, ir.ObjectModel) and (any(too_deep(f.type) for f in m.fields) or too_deep(m.extra)):
            models[name] = replace(m, fields=tuple(replace(f, type=cap(f.type)) for f in m.fields), extra=cap(m.extra))
        elif isinstance(m, ir.AliasModel) and too_deep(m.type):
            models[name] = replace(m, type=cap(m.type))
    return [_capped(op) for op in operations]


def _capped(op: ir.Operation) -> ir.Operation:
    if not (any(too_deep(p.type) for p in op.parameters) or (op.body and too_deep(op.body.type)) or any(too_deep(r.type) for r in op.responses)):
        return op
    return replace(
        op,
        parameters=tuple(replace(p, type=cap(p.type)) for p in op.parameters),
        body=replace(op.body, type=cap(op.body.type)) if op.body and op.body.type is not None else op.body,
        responses=tuple(replace(r, type=cap(r.type)) if r.type is not None else r for r in op.responses),
    )
