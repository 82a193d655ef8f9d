"""The one error shape every API response with a 4xx status uses."""

from __future__ import annotations

from ninja import Schema
from pydantic import Field


class ErrorItemOut(Schema):
    loc: list[str | int] = Field(
        description="Where the problem is, e.g. ['query', 'limit'] or ['path', 'id']."
    )
    message: str
    type: str = Field(
        description="A stable machine-readable code, e.g. 'less_than_equal'."
    )


class ErrorOut(Schema):
    status: int = Field(description="The HTTP status code, repeated for convenience.")
    title: str = Field(description="A short summary of the problem type.")
    detail: str = Field(description="What went wrong with this request, for people.")
    errors: list[ErrorItemOut] = Field(
        description="One entry per invalid parameter; empty when not about parameters."
    )
