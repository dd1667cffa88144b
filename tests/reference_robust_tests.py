"""Independent computations of the robust event-study tests: plain loops over dicts, scipy only
for the distribution functions. pipelines/robust_tests.py must agree with these to 1e-9.

Each unit is given as (estimation {τ: AR}, event {τ: AR}, CAR standard error).
"""

from __future__ import annotations

import math

from scipy import stats

Unit = tuple[dict[int, float], dict[int, float], float]


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _sd(xs: list[float]) -> float:
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / (len(xs) - 1))


def bmp(units: list[Unit]) -> tuple[float, float]:
    scar = [sum(event.values()) / se for _, event, se in units]
    n = len(scar)
    z = _mean(scar) / (_sd(scar) / math.sqrt(n))
    return z, 2 * stats.t.sf(abs(z), n - 1)


def pearson(xs: list[float], ys: list[float]) -> float:
    mx, my = _mean(xs), _mean(ys)
    sxy = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
    sxx = sum((x - mx) ** 2 for x in xs)
    syy = sum((y - my) ** 2 for y in ys)
    return sxy / math.sqrt(sxx * syy)


def kolari_pynnonen(units: list[Unit]) -> tuple[float, float, float]:
    z, _ = bmp(units)
    n = len(units)
    correlations = []
    for i in range(n):
        for j in range(i + 1, n):
            common = sorted(set(units[i][0]) & set(units[j][0]))
            if len(common) >= 3:
                correlations.append(pearson([units[i][0][t] for t in common], [units[j][0][t] for t in common]))
    r = _mean(correlations)
    z_kp = z * math.sqrt((1 - r) / (1 + (n - 1) * r))
    return z_kp, 2 * stats.t.sf(abs(z_kp), n - 1), r


def generalized_sign(units: list[Unit]) -> tuple[float, float]:
    n = len(units)
    fractions = []
    for est, _, _ in units:
        positive = 0
        for value in est.values():
            if value > 0:
                positive += 1
        fractions.append(positive / len(est))
    p_hat = _mean(fractions)
    w = 0
    for _, event, _ in units:
        if sum(event.values()) > 0:
            w += 1
    z = (w - n * p_hat) / math.sqrt(n * p_hat * (1 - p_hat))
    return z, 2 * stats.norm.sf(abs(z))


def ranks(values: list[float]) -> list[float]:
    """Average ranks (1-based), ties sharing the mean of their positions, by counting."""
    out = []
    for v in values:
        below = sum(1 for w in values if w < v)
        equal = sum(1 for w in values if w == v)
        out.append(below + (equal + 1) / 2)
    return out


def corrado(units: list[Unit]) -> tuple[float, float]:
    by_tau: dict[int, list[float]] = {}
    event_taus: set[int] = set()
    for est, event, _ in units:
        taus = list(est) + list(event)
        values = list(est.values()) + list(event.values())
        length = len(values)
        for tau, rank in zip(taus, ranks(values), strict=True):
            by_tau.setdefault(tau, []).append(rank / (length + 1) - 0.5)
        event_taus.update(event)
    deviation = {tau: _mean(values) for tau, values in by_tau.items()}
    s = math.sqrt(sum(d * d for d in deviation.values()) / len(deviation))
    z = sum(deviation[t] for t in event_taus) / (math.sqrt(len(event_taus)) * s)
    return z, 2 * stats.norm.sf(abs(z))
