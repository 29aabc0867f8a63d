"""Turns a gallery page of demos/styles into plain HTML, so that headless Chromium can draw the
same CSS for a side-by-side look (see README.md here). Handles what the gallery uses:
view/text/image tags, `wx:for` over a literal array, `page` as the root, rpx at 375 px.

    python3 to_html.py box > /tmp/box.html
"""
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPO = ROOT.parent.parent
MODES = {"scaleToFill": "fill", "aspectFit": "contain", "aspectFill": "cover"}


def css(text):
    text = re.sub(r"\bpage\b(?=[^{}]*\{)", "html", text)
    return re.sub(r"(?<![\w.-])(-?\d*\.?\d+)rpx", lambda m: f"{float(m.group(1)) / 2:g}px", text)


def markup(text, page):
    def expand_for(m):
        items = [s.strip() for s in m.group(2).split(",")]
        return "".join(
            m.group(0).replace(m.group(1), "").replace("{{item}}", i)
            for i in items
        )

    text = re.sub(
        r'<view[^>]*?( wx:for="\{\{\[([^\]]*)\]\}\}" wx:key="[^"]*")[^>]*>.*?</view>',
        expand_for,
        text,
    )

    def image(m):
        attrs = m.group(1)
        mode = re.search(r'mode="(\w+)"', attrs).group(1)
        src = re.search(r'src="([^"]+)"', attrs).group(1)
        src = src.lstrip("/") if src.startswith("/") else f"pages/{page}/{src}"
        cls = re.search(r'class="([^"]*)"', attrs).group(1)
        if mode == "widthFix":
            style = "height:auto;object-fit:fill"
        else:
            style = f"object-fit:{MODES[mode]}"
        return f'<img class="{cls}" src="{ROOT / src}" style="{style};display:inline-block">'

    text = re.sub(r"<image([^>]*)></image>", image, text)
    text = text.replace("<view", "<div").replace("</view>", "</div>")
    return text.replace("<text", "<span").replace("</text>", "</span>")


def main(page):
    base = ROOT / "pages" / page / page
    page_dir = base.parent
    # Relative url()s: fcplayer resolves them against the page's folder; so does this.
    page_css = re.sub(
        r'url\("(?!data:|/)([^"]+)"\)',
        lambda m: f'url("{page_dir / m.group(1)}")',
        css(Path(str(base) + ".wxss").read_text()),
    )
    fonts = REPO / "assets" / "fonts"
    head = f"""<!DOCTYPE html><meta charset="utf-8"><style>
@font-face {{ font-family: "Noto Sans"; src: url("{fonts}/NotoSans-Regular.ttf"); }}
@font-face {{ font-family: "Noto Sans"; font-weight: bold; src: url("{fonts}/NotoSans-Bold.ttf"); }}
@font-face {{ font-family: "Noto Sans"; font-style: italic; src: url("{fonts}/NotoSans-Italic.ttf"); }}
html {{ font-family: "Noto Sans"; }}
html {{ font-size: 16px; }}
body {{ margin: 0; }}
div {{ display: block; }}
img {{ width: 320px; height: 240px; }}
{css((ROOT / "app.wxss").read_text())}
{page_css}
</style>"""
    print(head + markup(Path(str(base) + ".wxml").read_text(), page))


if __name__ == "__main__":
    main(sys.argv[1])
