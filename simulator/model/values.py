"""A compiled model's variable values held by column index, so that the Pyomo model can be dropped.

A full year at 15-minute steps holds ≈ 350,000 Pyomo variables, the objective and the balance rows as
Python objects while HiGHS runs (docs/speed.md, memory of a 15-minute year). :class:`ModelValues`
compiles the model once (:func:`simulator.model.direct.compile_lp`) and keeps only what is read after
the solve: one float per variable (columns take HiGHS's solution by index; fixed variables and variables
in no row keep the value :func:`simulator.model.direct.load_values` gives them), the one-dimensional sets,
the column costs for the objective and the kept rows (``KEPT_ROWS``) as sparse rows. It answers the
reads the results make of a solved model — ``m.gen_kw[g, t].value``, ``m.connection_kw.value``,
``m.S``, ``m.balance[t].body`` and ``.upper``, ``pyo.value(m.objective)`` — so that
:mod:`simulator.results.extract` and the one dispatch (:mod:`simulator.model.dispatch`) run on it
unchanged. It cannot be compiled again, built upon or re-solved from Pyomo.
"""
from __future__ import annotations

import operator

import numpy as np
import pyomo.environ as pyo
from pyomo.common.gc_manager import PauseGC

from simulator.model.direct import KEPT_ROWS, standard_form

_NO_HEAD = object()  # the head of a key that is the step alone (``m.import_kw[t]``)


def _split(key):
    """(head, step) of a key whose last element is the step; (None, None) when it has no integer step."""
    if type(key) is tuple:
        head, t = (key[0] if len(key) == 2 else key[:-1]), key[-1]
    else:
        head, t = _NO_HEAD, key
    return (head, t) if type(t) is int else (None, None)


class _Layout:
    """Position of each key of one indexed component in its slice of a flat array.

    Components indexed by (..., t) with t = 0 … n−1 for every head are held as head -> offset (no
    per-key dictionary); any other index set as key -> position.
    """

    __slots__ = ("base", "keys", "heads", "steps")

    def __init__(self, base: int, keys: list):
        self.base = base
        self.heads, self.steps, self.keys = None, 0, None
        heads = {}
        for i, key in enumerate(keys):
            head, t = _split(key)
            if t is None or (t == 0 and head in heads) or (t > 0 and heads.get(head, -1) + t != i):
                break
            if t == 0:
                heads[head] = i
        else:
            steps = len(keys) // max(len(heads), 1)
            if sorted(heads.values()) == list(range(0, len(keys), steps or 1)) and steps * len(heads) == len(keys):
                self.heads, self.steps = heads, steps
                return
        self.keys = {key: i for i, key in enumerate(keys)}

    def position(self, key) -> int:
        if self.heads is None:
            return self.base + self.keys[key]
        if type(key) is tuple:
            head, t = (key[0] if len(key) == 2 else key[:-1]), operator.index(key[-1])
        else:
            head, t = _NO_HEAD, operator.index(key)
        if not 0 <= t < self.steps:
            raise KeyError(key)
        return self.base + self.heads[head] + t

    def key(self, position: int):
        """The key at a position of this component's slice (for messages)."""
        if self.heads is None:
            return next(k for k, i in self.keys.items() if i == position)
        head, offset = max(((h, o) for h, o in self.heads.items() if o <= position), key=lambda ho: ho[1])
        t = position - offset
        return t if head is _NO_HEAD else ((*head, t) if type(head) is tuple else (head, t))


class VarValue:
    """One variable of a :class:`ModelValues`: ``value``, ``set_value``, ``fixed``, ``column``, ``name``."""

    __slots__ = ("_owner", "_i")

    def __init__(self, owner: "ModelValues", i: int):
        self._owner, self._i = owner, i

    @property
    def value(self) -> float:
        return float(self._owner.x[self._i])

    def set_value(self, value: float, skip_validation: bool = False) -> None:  # noqa: ARG002 - Pyomo's signature
        self._owner.x[self._i] = value

    @property
    def fixed(self) -> bool:
        return bool(self._owner.fixed[self._i])

    @property
    def column(self) -> int:
        """The compiled column of the variable, −1 if it is not a column."""
        return int(self._owner.column_of[self._i])

    @property
    def name(self) -> str:
        return self._owner.name_of(self._i)


class _IndexedValues:
    """An indexed variable of a :class:`ModelValues`: ``[key]`` gives its :class:`VarValue`."""

    __slots__ = ("_owner", "_layout")

    def __init__(self, owner: "ModelValues", layout: _Layout):
        self._owner, self._layout = owner, layout

    def __getitem__(self, key) -> VarValue:
        return VarValue(self._owner, self._layout.position(key))


class _Row:
    """One kept row as compiled: ``body`` = A_i x at the current values, ``upper`` = its right-hand side."""

    __slots__ = ("body", "upper")

    def __init__(self, body: float, upper: float):
        self.body, self.upper = body, upper


class _IndexedRows:
    __slots__ = ("_owner", "_layout")

    def __init__(self, owner: "ModelValues", layout: _Layout):
        self._owner, self._layout = owner, layout

    def __getitem__(self, key) -> _Row:
        return self._owner.row(self._layout.position(key))


class _Columns:
    """The compiled columns of a :class:`ModelValues` (``len``, ``[j]``, ``column_of``)."""

    __slots__ = ("_owner",)

    def __init__(self, owner: "ModelValues"):
        self._owner = owner

    def __len__(self) -> int:
        return int(self._owner.var_of_column.size)

    def __getitem__(self, j: int) -> VarValue:
        return VarValue(self._owner, int(self._owner.var_of_column[j]))

    @staticmethod
    def column_of(var: VarValue) -> int | None:
        j = var.column
        return j if j >= 0 else None


class ModelValues:
    """The variable values of a compiled model, without the model (see the module docstring).

    Build it with :meth:`compile`, which also returns nothing of the Pyomo model: drop the model after it.

    Attributes
    ----------
    x : ndarray
        One value per variable of the model (component by component, keys in Pyomo's order).
    column_of : ndarray of int32
        The compiled column of each variable, −1 for variables that are not columns.
    var_of_column : ndarray of int32
        The variable of each column.
    fixed : ndarray of bool
        Whether each variable was fixed.
    columns : sequence
        The compiled columns (as ``compile_lp``'s ``columns``), for :func:`~simulator.model.direct.load_values`
        and :func:`~simulator.model.direct.column_positions`.
    """

    values_only = True  # duck-type mark read by simulator.model.direct (no import cycle)

    def __init__(self):
        self._vars: dict = {}
        self._rows: dict = {}
        self._sets: dict = {}
        self._names: list = []  # (base, component name, layout or None) in order, for name_of
        self._compiled = None
        self.columns = _Columns(self)

    @classmethod
    def compile(cls, m: pyo.ConcreteModel, keep: tuple = KEPT_ROWS) -> "ModelValues":
        """Compile ``m`` (as :func:`~simulator.model.direct.compile_lp`) and keep its values' layout.

        The compiled LP is held until :func:`~simulator.model.direct.compile_lp` takes it (once). Rows
        of the components named in ``keep`` are kept as sparse rows (``m.balance[t].body``, ``.upper``).

        Raises
        ------
        SolverError
            As :func:`~simulator.model.direct.compile_lp`.
        ValueError
            If a variable or kept row lives in a sub-block (not read by attribute from the model).
        """
        with PauseGC():  # as Pyomo's compiler: no collection passes over the model's millions of objects
            return cls._compile(m, keep)

    @classmethod
    def _compile(cls, m: pyo.ConcreteModel, keep: tuple) -> "ModelValues":
        self = cls()
        lp, repn = standard_form(m)
        columns = repn.columns
        n_cols = len(columns)
        # column of each variable by identity, in arrays rather than a dictionary (the compile's peak)
        col_ids = np.fromiter(map(id, columns), dtype=np.uint64, count=n_cols)
        order = np.argsort(col_ids).astype(np.int32)
        col_ids = col_ids[order]
        bases, parts, values, fixed = 0, [], [], []
        for comp in m.component_objects(pyo.Var, active=True, descend_into=True):
            if comp.parent_block() is not m:
                raise ValueError(f"{comp.name}: variables of sub-blocks are not held by ModelValues")
            layout = _Layout(bases, list(comp.keys())) if comp.is_indexed() else None
            self._vars[comp.local_name] = layout if layout is not None else bases
            self._names.append((bases, comp.local_name, layout))
            data = list(comp.values())
            ids = np.fromiter(map(id, data), dtype=np.uint64, count=len(data))
            at = np.minimum(np.searchsorted(col_ids, ids), max(n_cols - 1, 0))
            found = col_ids[at] == ids if n_cols else np.zeros(len(data), dtype=bool)
            column = np.where(found, order[at] if n_cols else 0, -1).astype(np.int32)
            parts.append(column)
            values.append(np.fromiter((0.0 if c >= 0 else _unused_value(v) for v, c in zip(data, column.tolist())),
                                      dtype=float, count=len(data)))
            fixed.append(np.fromiter((v.fixed for v in data), dtype=bool, count=len(data)))
            bases += len(data)
        del col_ids, order
        self.column_of = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int32)
        self.x = np.concatenate(values) if parts else np.zeros(0)
        self.fixed = np.concatenate(fixed) if parts else np.zeros(0, dtype=bool)
        del parts, values, fixed
        self.var_of_column = np.full(n_cols, -1, dtype=np.int32)
        cols = np.flatnonzero(self.column_of >= 0)
        self.var_of_column[self.column_of[cols]] = cols.astype(np.int32)
        self.col_cost = np.array(lp.col_cost_, dtype=float)
        self.offset_cny_per_yr = float(lp.offset_)
        self._keep_rows(m, repn, keep)
        for comp in m.component_objects((pyo.Set, pyo.RangeSet), descend_into=False):
            if comp.dimen == 1 and not comp.local_name.endswith("_index"):
                self._sets[comp.local_name] = tuple(comp)
        self._compiled = (lp, self.columns, self.offset_cny_per_yr)
        return self

    def _keep_rows(self, m, repn, keep: tuple) -> None:
        """The rows of ``keep`` as CSR over the variables' flat positions, with their right-hand sides."""
        kept = [comp for comp in m.component_objects(pyo.Constraint, active=True, descend_into=False)
                if comp.local_name in keep]
        names = {id(comp) for comp in kept}
        row_of = {}
        for i, row in enumerate(repn.rows):
            con = row.constraint
            if id(con.parent_component()) in names:
                row_of.setdefault(id(con), i)  # a ranged row: its first entry
        rows, base = [], 0
        for comp in kept:
            pairs = [(key, row_of[id(con)]) for key, con in comp.items() if id(con) in row_of]
            self._rows[comp.local_name] = _Layout(base, [key for key, _ in pairs])
            rows.extend(i for _, i in pairs)
            base += len(pairs)
        A = repn.A.tocsr()[np.asarray(rows, dtype=np.int64)] if rows else None
        self._row_ptr = A.indptr.astype(np.int64) if A is not None else np.zeros(1, dtype=np.int64)
        self._row_var = self.var_of_column[A.indices] if A is not None else np.zeros(0, dtype=np.int32)
        self._row_coef = A.data.astype(float) if A is not None else np.zeros(0)
        self._row_rhs = np.asarray(repn.rhs, dtype=float)[rows] if rows else np.zeros(0)

    def take_compiled(self) -> tuple:
        """The compiled LP ``(lp, columns, offset)``, once (the holder drops it for HiGHS's copy).

        Raises
        ------
        SolverError
            On a second call: the values cannot be compiled again.
        """
        from simulator.errors import SolverError

        if self._compiled is None:
            raise SolverError("the model was compiled into ModelValues and dropped; build it again to compile it")
        compiled, self._compiled = self._compiled, None
        return compiled

    def load(self, column_values) -> None:
        """Take one value per compiled column (HiGHS's ``col_value``)."""
        self.x[self.var_of_column] = np.asarray(column_values, dtype=float)[:self.var_of_column.size]

    def snapshot(self) -> np.ndarray:
        """A copy of every variable's value (:meth:`restore` puts it back)."""
        return self.x.copy()

    def restore(self, snapshot: np.ndarray) -> None:
        self.x[:] = snapshot

    def row(self, r: int) -> _Row:
        lo, hi = int(self._row_ptr[r]), int(self._row_ptr[r + 1])
        body = float(self._row_coef[lo:hi] @ self.x[self._row_var[lo:hi]])
        return _Row(body, float(self._row_rhs[r]))

    @property
    def objective(self) -> float:
        """The objective at the current values, c·x + constant [CNY/yr]."""
        return float(self.col_cost @ self.x[self.var_of_column]) + self.offset_cny_per_yr

    def name_of(self, i: int) -> str:
        base, name, layout = max((entry for entry in self._names if entry[0] <= i), key=lambda e: e[0])
        if layout is None:
            return name
        key = layout.key(i - base)
        return f"{name}[{','.join(map(str, key)) if type(key) is tuple else key}]"  # as Pyomo names it

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        for table, make in ((self._vars, self._var), (self._rows, self._row_component), (self._sets, None)):
            if name in table:
                return table[name] if make is None else make(table[name])
        raise AttributeError(f"ModelValues has no variable, kept row or set {name!r}")

    def _var(self, entry):
        return VarValue(self, entry) if isinstance(entry, int) else _IndexedValues(self, entry)

    def _row_component(self, layout: _Layout) -> _IndexedRows:
        return _IndexedRows(self, layout)


def _unused_value(var) -> float:
    """The value :func:`simulator.model.direct.load_values` leaves in a variable that is not a column."""
    if var.value is not None:
        return float(var.value)
    lb, ub = var.lb, var.ub
    if (lb is None or lb <= 0.0) and (ub is None or ub >= 0.0):
        return 0.0
    return float(lb if lb is not None and lb > 0.0 else ub)


__all__ = ["ModelValues", "VarValue"]
