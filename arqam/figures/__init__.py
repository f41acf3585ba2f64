"""Figures: the number grammar (grammar.py), what is not a figure (blockers.py), what a figure counts and what
happened to it (typing.py), and their types (model.py)."""

from arqam.figures.grammar import figure_at, find_figures, number_at, parse_figures
from arqam.figures.model import Blocked, Figure, FigureRule, Form, figure_text

__all__ = ["Blocked", "Figure", "FigureRule", "Form", "figure_at", "figure_text", "find_figures", "number_at",
           "parse_figures"]
