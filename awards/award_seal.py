"""The certificate seal: a rosette medallion drawn as SVG, coloured by the award's metal."""

import math

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from awards.models import Award

# kind -> (light, mid, dark) of the metal
METALS: dict[str, tuple[str, str, str]] = {
    Award.Kind.WINNER: ("#f6e29a", "#c9a13b", "#7d5f17"),
    Award.Kind.GOLD: ("#f6e29a", "#c9a13b", "#7d5f17"),
    Award.Kind.FIRST_RUNNER_UP: ("#f4f5f7", "#b4b9c0", "#646a72"),
    Award.Kind.SILVER: ("#f4f5f7", "#b4b9c0", "#646a72"),
    Award.Kind.SECOND_RUNNER_UP: ("#f3caa2", "#b8733d", "#6f3d18"),
    Award.Kind.BRONZE: ("#f3caa2", "#b8733d", "#6f3d18"),
    Award.Kind.PLATINUM: ("#fbfbf8", "#d3d6d2", "#7f857e"),
}
NAVY = "#1b2a4a"


def _star(cx: float, cy: float, outer: float, inner: float, points: int) -> str:
    coords = []
    for i in range(points * 2):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi * i / points - math.pi / 2
        coords.append(f"{cx + radius * math.cos(angle):.2f},{cy + radius * math.sin(angle):.2f}")
    return " ".join(coords)


def seal_svg(*, kind: str, year: int, label: str) -> SafeString:
    """A rosette with ribbon tails; `label` (short, upper case) and the year are set in its centre."""
    light, mid, dark = METALS[kind]
    cx, cy = 60.0, 56.0
    ribbons = (
        f'<polygon points="38,80 24,142 38,133 48,146 58,88" fill="{NAVY}"/>'
        f'<polygon points="82,80 96,142 82,133 72,146 62,88" fill="{NAVY}"/>'
        f'<polygon points="41,84 31,132 39,127 46,136 54,90" fill="{mid}" opacity="0.35"/>'
        f'<polygon points="79,84 89,132 81,127 74,136 66,90" fill="{mid}" opacity="0.35"/>'
    )
    body = (
        f'<polygon points="{_star(cx, cy, 52, 46, 36)}" fill="{mid}" stroke="{dark}" stroke-width="0.6"/>'
        f'<circle cx="{cx}" cy="{cy}" r="44" fill="{light}" opacity="0.45"/>'
        f'<circle cx="{cx}" cy="{cy}" r="42" fill="{mid}" stroke="{dark}" stroke-width="0.8"/>'
        f'<circle cx="{cx}" cy="{cy}" r="39" fill="none" stroke="{light}" stroke-width="0.8" '
        'stroke-dasharray="1.6 1.6"/>'
        f'<circle cx="{cx}" cy="{cy}" r="34" fill="{NAVY}" stroke="{light}" stroke-width="1.2"/>'
        f'<circle cx="{cx}" cy="{cy}" r="30.5" fill="none" stroke="{mid}" stroke-width="0.5"/>'
        f'<polygon points="{_star(cx, cy - 17, 5, 2.1, 5)}" fill="{light}"/>'
    )
    texts = format_html(
        '<text x="{}" y="{}" text-anchor="middle" font-family="Cinzel" font-weight="700" font-size="{}" '
        'fill="{}" letter-spacing="0.6">{}</text>'
        '<text x="{}" y="{}" text-anchor="middle" font-family="Cinzel" font-size="12" fill="{}" '
        'letter-spacing="1">{}</text>',
        cx, cy + 3, 8.2 if len(label) > 7 else 10.5, light, label, cx, cy + 19, light, year,
    )
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" class="seal" viewBox="0 0 120 150">'
        f"{ribbons}{body}{texts}</svg>"
    )
    return mark_safe(svg)  # noqa: S308 - built from constants, numbers and the escaped texts above
