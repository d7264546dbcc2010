"""A refused act: carries the rule that refused it and its legal basis, in Vietnamese."""


class Refused(Exception):
    """Raised by a service when the law (or the installation's rules) forbid an act.

    `message` is a complete Vietnamese sentence for the user; `rule` is the rule's
    identifier in the rulebook; `basis` the citation ("Điều 11 Luật BVBMNN 2018")."""

    def __init__(self, message: str, *, rule: str = "", basis: str = "", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.rule = rule
        self.basis = basis
        self.field = field

    def __str__(self) -> str:
        return f"{self.basis}: {self.message}" if self.basis else self.message

    def as_dict(self) -> dict:
        return {"detail": str(self), "rule": self.rule, "basis": self.basis, "field": self.field}
