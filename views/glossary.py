"""What the numbers mean: one glossary for the pages ("What do these numbers mean?") and the reports."""

from __future__ import annotations

TERMS: tuple[tuple[str, str], ...] = (
    ("AR (abnormal return)", "A security's return on one trading day minus the return the model expected for it "
     "that day (for the market model: α + β × the benchmark's return)."),
    ("CAR (cumulative abnormal return)", "The abnormal returns added up over the event window: how much the security "
     "moved beyond what the market explains."),
    ("t", "CAR divided by its standard error. |t| above about 2 means the move is large against the security's "
     "usual day-to-day noise."),
    ("p", "The chance of a CAR at least this large (either sign) if the launch had no effect, two-sided. Shown as "
     "'< 0.001' when smaller; below 0.05 is usually called significant."),
    ("Event window", "The trading days counted into CAR, relative to t0, the first trading day on or after the "
     "launch's market date (or release date): [0, +1] is t0 and the next day."),
    ("Estimation window", "The trading days before the event (by default τ = −250 … −11) over which the model's "
     "α, β and the noise level are fitted; it ends before the event window."),
    ("Market model", "R = α + β·R_m + ε fitted by least squares over the estimation window; the benchmark R_m is "
     "the S&P 500 unless chosen otherwise (SOXX gives a sector-adjusted abnormal return)."),
    ("Portfolio CAR", "The equal-weighted average abnormal return of a group's securities. They share one event "
     "date, so its test uses the portfolio's own volatility (Brown & Warner)."),
    ("Robust tests", "BMP: the standardised cross-sectional test (Boehmer, Musumeci & Poulsen); BMP-KP: the same "
     "adjusted for members that share the event date (Kolari & Pynnönen); Sign: Cowan's generalised sign test; "
     "Rank: Corrado's rank test. Each gives a statistic (z) and a p."),
    ("Flag: market-wide day", "A window day on which the benchmark itself moved more than 3 of its standard "
     "deviations (e.g. the April 2025 tariff crash): the whole market moved, not just this stock."),
    ("Flag: same-day launch", "Another launch has the same event day t0 for this security, so their abnormal "
     "returns are the same number and cannot be told apart."),
    ("Flag: other launch in window", "Another launch's event day falls inside the window."),
    ("Flag: earnings", "The company reported results with a market reaction day inside the window."),
    ("Notes (not confounders)", "'earnings dates unknown' (no stored results dates for that company), a thin "
     "estimation window, the benchmark's market shut on t0, or t0 more than a day after the event."),
    ("Confounded", "At least one flag that is a confounder (market-wide day, another launch, earnings); notes "
     "alone do not count."),
)


def as_markdown(escape) -> str:  # noqa: ANN001 - escape: views.text.md
    """The glossary as a Markdown list (terms bold), every text passed through escape."""
    return "\n".join(f"- **{escape(term)}**: {escape(text, limit=1000)}" for term, text in TERMS)
