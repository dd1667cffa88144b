"""Each chart of a report as an image (PNG for slides), drawn by kaleido with the machine's Chromium."""

from __future__ import annotations

import logging
import shutil
import warnings

from reporting.document import PRINT_HEIGHT, PRINT_WIDTH, Report, file_stem, for_print

CHROMIUM = ("chromium", "chromium-browser", "google-chrome", "chrome")
log = logging.getLogger("aftershock.reports")


def chromium() -> str | None:
    """The path of a Chromium, or None."""
    return next((path for name in CHROMIUM if (path := shutil.which(name))), None)


def chromium_available() -> str | None:
    """None if a Chromium is on PATH; otherwise why images and PDFs cannot be made."""
    if chromium():
        return None
    return "no Chromium on this machine (charts and PDFs are drawn with it); install Debian's chromium"


def to_images(report: Report, fmt: str) -> tuple[dict[str, bytes], str | None]:
    """Each chart, titled, at slide size, through one kaleido server; (files, reason they were skipped)."""
    missing = chromium_available()
    if missing:
        return {}, missing
    import kaleido

    files: dict[str, bytes] = {}
    try:
        kaleido.start_sync_server(silence_warnings=True)
    except TypeError:
        kaleido.start_sync_server()
    except RuntimeError:
        pass  # already running in this process
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)  # plotly: "kopts ignored when using a server"
            for number, (title, figure) in enumerate(report.figures, start=1):
                height = max(PRINT_HEIGHT, int(figure.layout.height or 0))
                image = for_print(figure, title).to_image(format=fmt, width=PRINT_WIDTH, height=height)
                files[f"{number:02d}_{file_stem(title)}.{fmt}"] = image
    except Exception as exc:  # a renderer failure must not cost the other formats
        log.warning("report images skipped: %s", exc)
        return {}, f"{fmt.upper()} rendering failed: {' '.join(str(exc).split())[:200]}"
    return files, None
