#!/usr/bin/env python3
"""Render a tmux `capture-pane -e -p` dump (ANSI SGR colours) to a PNG.

Usage: render_ansi.py INPUT.txt OUTPUT.png
Needs Pillow and the DejaVu Sans Mono font (Debian: fonts-dejavu-core).
"""
import re
import sys

from PIL import Image, ImageDraw, ImageFont

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BG, FG = (24, 24, 27), (220, 220, 220)
BASE = [(0, 0, 0), (205, 49, 49), (13, 188, 121), (229, 229, 16), (36, 114, 200),
        (188, 63, 188), (17, 168, 205), (229, 229, 229)]
BRIGHT = [(102, 102, 102), (241, 76, 76), (35, 209, 139), (245, 245, 67), (59, 142, 234),
          (214, 112, 214), (41, 184, 219), (255, 255, 255)]


def xterm256(n):
    if n < 8:
        return BASE[n]
    if n < 16:
        return BRIGHT[n - 8]
    if n < 232:
        n -= 16
        steps = [0, 95, 135, 175, 215, 255]
        return (steps[n // 36], steps[(n // 6) % 6], steps[n % 6])
    v = 8 + (n - 232) * 10
    return (v, v, v)


def apply_sgr(params, state):
    codes = [int(p) if p else 0 for p in params.split(";")] if params else [0]
    i = 0
    while i < len(codes):
        c = codes[i]
        if c == 0:
            state.update(fg=FG, bg=None, bold=False, underline=False, reverse=False)
        elif c == 1:
            state["bold"] = True
        elif c == 4:
            state["underline"] = True
        elif c == 7:
            state["reverse"] = True
        elif c in (22,):
            state["bold"] = False
        elif c == 24:
            state["underline"] = False
        elif c == 27:
            state["reverse"] = False
        elif 30 <= c <= 37:
            state["fg"] = BASE[c - 30]
        elif 90 <= c <= 97:
            state["fg"] = BRIGHT[c - 90]
        elif 40 <= c <= 47:
            state["bg"] = BASE[c - 40]
        elif 100 <= c <= 107:
            state["bg"] = BRIGHT[c - 100]
        elif c == 39:
            state["fg"] = FG
        elif c == 49:
            state["bg"] = None
        elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
            state["fg" if c == 38 else "bg"] = xterm256(codes[i + 2])
            i += 2
        elif c in (38, 48) and i + 4 < len(codes) and codes[i + 1] == 2:
            state["fg" if c == 38 else "bg"] = tuple(codes[i + 2:i + 5])
            i += 4
        i += 1


def main(src, dst):
    lines = open(src, encoding="utf-8").read().rstrip("\n").split("\n")
    font = ImageFont.truetype(FONT, 15)
    bold = ImageFont.truetype(FONT.replace(".ttf", "-Bold.ttf"), 15)
    cw, ch = font.getbbox("M")[2], 20
    cols = max(len(re.sub(r"\x1b\[[0-9;]*m", "", l)) for l in lines)
    img = Image.new("RGB", (cols * cw + 24, len(lines) * ch + 24), BG)
    draw = ImageDraw.Draw(img)
    state = dict(fg=FG, bg=None, bold=False, underline=False, reverse=False)
    for row, line in enumerate(lines):
        col = 0
        for token in re.split(r"(\x1b\[[0-9;]*m)", line):
            m = re.fullmatch(r"\x1b\[([0-9;]*)m", token)
            if m:
                apply_sgr(m.group(1), state)
                continue
            for char in token:
                x, y = 12 + col * cw, 12 + row * ch
                fg, bg = state["fg"], state["bg"]
                if state["reverse"]:
                    fg, bg = (bg or BG), fg
                if bg:
                    draw.rectangle([x, y, x + cw, y + ch], fill=bg)
                draw.text((x, y + 2), char, font=bold if state["bold"] else font, fill=fg)
                if state["underline"]:
                    draw.line([x, y + ch - 2, x + cw, y + ch - 2], fill=fg)
                col += 1
    img.save(dst)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
