"""Word spacing and hyphenation of a PDF's body text, measured from character boxes.

Usage: python typography.py FILE.pdf [BODY_SIZE]

Reads every character with PyMuPDF, keeps those of the body size (the most common size
unless given), groups them into lines by baseline, and prints for full-measure lines (those
reaching the column's right edge): the loosest line's mean word space and the 90th
percentile, in ems; the share ending in a hyphen; and hyphens on consecutive lines. A word
space is a gap of more than 0.12 em between neighbouring characters, so it is measured the
same way whether or not the PDF draws space glyphs. Shares no code with briefdesk.
"""
import collections
import sys

import pymupdf


def lines_of(page, size):
    rows = collections.defaultdict(list)
    raw = page.get_text("rawdict")
    for block in raw["blocks"]:
        for line in block.get("lines", []):
            if line["dir"] != (1.0, 0.0):
                continue
            for span in line["spans"]:
                # A span set with horizontal scaling (font expansion) reports a size
                # scaled with it.
                if abs(span["size"] - size) > size * 0.02:
                    continue
                for ch in span["chars"]:
                    if ch["c"].strip() == "":
                        continue
                    rows[round(ch["origin"][1], 1)].append((ch["bbox"][0], ch["bbox"][2], ch["c"]))
    return [sorted(chars) for _, chars in sorted(rows.items())]


def main():
    doc = pymupdf.open(sys.argv[1])
    sizes = collections.Counter()
    for page in doc:
        for block in page.get_text("rawdict")["blocks"]:
            for line in block.get("lines", []):
                for span in line["spans"]:
                    sizes[round(span["size"], 1)] += len(span["chars"])
    size = float(sys.argv[2]) if len(sys.argv) > 2 else sizes.most_common(1)[0][0]
    means, full, hyphens, consecutive = [], 0, 0, 0
    for page in doc:
        lines = [l for l in lines_of(page, size) if len(l) > 20]
        if not lines:
            continue
        # The column's right edge: where most long lines end (punctuation may hang past it).
        ends = collections.Counter(round(l[-1][1] * 2) / 2 for l in lines)
        right = ends.most_common(1)[0][0]
        previous_hyphen = False
        for chars in lines:
            hyphen = chars[-1][2] in "-\u2010\u00ad"
            if hyphen and previous_hyphen:
                consecutive += 1
            previous_hyphen = hyphen
            if chars[-1][1] < right - 0.5:
                continue
            full += 1
            hyphens += hyphen
            gaps = [
                (b[0] - a[1]) / size
                for a, b in zip(chars, chars[1:])
                if (b[0] - a[1]) / size > 0.12
            ]
            if gaps:
                means.append(sum(gaps) / len(gaps))
    means.sort()
    p90 = means[min(len(means) - 1, len(means) * 9 // 10)] if means else 0
    print(
        f"{sys.argv[1]}: body {size} pt, {doc.page_count} pages, {full} full lines: "
        f"loosest {means[-1] if means else 0:.3f} em, p90 {p90:.3f} em, "
        f"hyphen-ended {100 * hyphens / max(full, 1):.1f} %, consecutive {consecutive}"
    )


main()
