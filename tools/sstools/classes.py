"""What one diagram sees: the functions and classes of some sources, names resolved.

Functions are looked up like a linker with static functions: the caller's
own file first, then a non-static definition elsewhere, then a static one.

A class is a class table (source.Table). `.slot = f` is a method when f is a
function of the sources; every other field is an attribute. The resolution
order is the one chapters/03-base-server/class.c walks: the class, then its
mix-in's order, then its base's order (test_classes.py compiles class.c to
prove it). Lookups use that order with repeats dropped.

A function's diagram node: "Class.method" when its body starts with
SS_TRACE("Class", "method"); else "ClassName.slot" when a table names it;
else its C name. A method node always holds a '.', a plain function never.
"""


class Class:
    def __init__(self, table, source):
        self.table, self.source, self.name = table, source, table.name
        self.base = self.mixin = None
        self.methods = {}  # slot -> Function, the class's own
        self.attributes = []  # (field, value)

    def walk(self, seen=()):
        """The order class.c visits: self, the mix-in's walk, the base's walk."""
        if self in seen:
            raise ValueError(f"class {self.name} inherits from itself")
        seen = seen + (self,)
        order = [self]
        for parent in (self.mixin, self.base):
            if parent is not None:
                order += parent.walk(seen)
        return order

    def mro(self):
        return list(dict.fromkeys(self.walk()))

    def find(self, slot, after=None):
        """The function of the first class defining slot (after the class `after`)."""
        order = self.mro()
        if after is not None:
            order = order[order.index(after) + 1:]
        return next((c.methods[slot] for c in order if slot in c.methods), None)


class Model:
    def __init__(self, sources, chapter, program=None):
        self.chapter, self.problems = chapter, []
        self.sources = [s for s in sources if s.chapter <= chapter and (not s.is_program or s is program)]
        self.node, self.file_of, self.untraced = {}, {}, set()  # keyed by id(function)
        for source in self.sources:
            for f in source.functions:
                self.file_of[id(f)] = source
                self.node[id(f)] = "%s.%s" % f.trace if f.trace else None
        self.classes = {}
        for source in self.sources:
            for table in source.tables:
                if table.name in self.classes:
                    other = self.classes[table.name]
                    self.problem(source, table.line, f"class {table.name} is already defined at "
                                 f"{other.source.path}:{other.table.line}: class names must be unique")
                else:
                    self.classes[table.name] = Class(table, source)
        for c in self.classes.values():
            self._link(c)
        for source in self.sources:
            for f in source.functions:
                if self.node[id(f)] is None:
                    self.node[id(f)] = f.name
        for c in self.classes.values():
            try:
                c.walk()
            except ValueError as error:
                self.problem(c.source, c.table.line, str(error))
                c.base = c.mixin = None
        nodes = {}
        for source in self.sources:
            for f in source.functions:
                node = self.node[id(f)]
                if "." in node and node in nodes:
                    g = nodes[node]
                    self.problem(source, f.open, f"{f.name} and {g.name} ({self.file_of[id(g)].path}:"
                                 f"{g.open}) are both the method {node}")
                nodes[node] = f

    def problem(self, source, line, message):
        self.problems.append(f"{source.path}:{line}: {message}")

    def function(self, name, near):
        candidates = [(s, f) for s in self.sources for f in s.functions if f.name == name]
        for rank in (lambda s, f: s is near, lambda s, f: not f.static, lambda s, f: True):
            found = next((f for s, f in candidates if rank(s, f)), None)
            if found:
                return found
        return None

    def _table_class(self, symbol, near):
        candidates = [c for c in self.classes.values() if c.table.symbol == symbol]
        return next((c for c in candidates if c.source is near), None) or \
            next((c for c in candidates if not c.table.static), None) or \
            next(iter(candidates), None)

    def _link(self, c):
        for kind in ("base", "mixin"):
            symbol = getattr(c.table, kind)
            if symbol:
                parent = self._table_class(symbol, c.source)
                if parent is None:
                    self.problem(c.source, c.table.line, f"class {c.name}: its .{kind} &{symbol} is "
                                 f"no class table of chapters 1..{self.chapter}")
                setattr(c, kind, parent)
        for slot, value, line in c.table.fields:
            f = self.function(value, c.source) if value.isidentifier() else None
            if f is None:
                c.attributes.append((slot, value))
                continue
            c.methods[slot] = f
            node, known = f"{c.name}.{slot}", self.node[id(f)]
            if known is None:
                self.node[id(f)] = node
                self.untraced.add(node)
            elif f.trace and f.trace[0] != c.name:
                self.problem(c.source, line, f"{node} is implemented by {f.name}, but its SS_TRACE "
                             f"names it {known}: a function is a method of one class")
            elif not f.trace and known != node:
                self.problem(c.source, line, f"{node} is implemented by {f.name}, but another class "
                             f"table names it {known}: a function is one method")

    def class_of(self, function):
        node = self.node[id(function)]
        return self.classes.get(node.split(".")[0]) if "." in node else None
