"""Put the explorer cells into the chapter notebooks (idempotent: run it again after merging chapter edits).

    python tools/place_explorers.py [--check]

Each explorer is a small group of cells with fixed ids: an introduction (markdown), the explorer (code; its output
is the widget for Jupyter plus the mount point the site renders) and, for some, a hidden check (`remove-cell`).
A cell whose id already exists is rewritten in place; a new one is inserted after the cell named by `after`.
Stored widget state is dropped. `FIXES` replaces sentences of existing cells that the explorers made untrue
("the sliders need a kernel"). Nothing else is touched. Re-execute the chapters afterwards (`make execute`);
`--check` only reports whether the notebooks are up to date (exit 1 if not). Self-check questions need no edit
here: see chapters/selfcheck/.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def markdown(cell_id: str, after: str, text: str) -> dict:
    return {"id": cell_id, "after": after, "type": "markdown", "source": text.strip(), "tags": []}


def code(cell_id: str, after: str, text: str, tags: tuple[str, ...] = (), alt: str = "") -> dict:
    metadata = {"mystnb": {"image": {"alt": alt}}} if alt else {}
    return {"id": cell_id, "after": after, "type": "code", "source": text.strip(), "tags": list(tags), "meta": metadata}


CELLS: dict[str, list[dict]] = {
    "01_argmax": [
        markdown(
            "x01-intro",
            "c033",
            r"""
**Explore it.** Move the logit $z_0$ past the largest of the other two (its slider, the arrow keys, or type any
value, even 1000). On the left, argmax's one-hot output for class 0 jumps from 0 to 1 where $z_0$ ties the largest
other logit, and softmax's $p_0$ rises smoothly through it. On the right are their derivatives with respect to
$z_0$: argmax's is 0 on both sides of the jump and does not exist at it; softmax's is $p_0(1 - p_0)$, never zero,
largest where $p_0 = 0.5$. The figure above shows the same two curves.
""",
        ),
        code(
            "x01-explorer",
            "x01-intro",
            """
from helpers.explorers import ArgmaxExplorer

ArgmaxExplorer(logits=[0.0, 1.0, 0.5])
""",
        ),
    ],
    "02_softmax": [
        code(
            "c061",
            "c060",
            "SoftmaxExplorer([2.0, 1.0, 0.1], temperature=1.0)",
        ),
        code(
            "c062",
            "c061",
            """
explorer = SoftmaxExplorer([2.0, 1.0, 0.1], temperature=1.0)
assert [explorer.readout()[f"p{i}"] for i in range(3)] == ["0.6590", "0.2424", "0.0986"]
explorer.temperature = 0.5
assert explorer.readout()["p0"] == f"{softmax([2.0, 1.0, 0.1], temperature=0.5)[0]:.4f}"
explorer.logits = [2.0, 1.0, 3.0]
assert explorer.readout()["argmax"] == "2"
""",
            tags=("remove-cell",),
        ),
    ],
    "03_cross_entropy": [
        code("c041", "c040", "CrossEntropyExplorer(p_true=0.7)"),
        code(
            "c042",
            "c041",
            """
explorer = CrossEntropyExplorer(p_true=0.7)
assert explorer.readout()["loss"] == "0.3567"
explorer.p_true = 0.1
assert (explorer.readout()["loss"], explorer.readout()["slope"], explorer.readout()["predicted"]) == (
    "2.3026",
    "-10.00",
    "1",
)
""",
            tags=("remove-cell",),
        ),
    ],
    "04_softmax_jacobian": [
        markdown(
            "x04-intro",
            "c019",
            r"""
**Explore it.** Edit the logits (sliders, arrow keys, or type any value) and pick the true label. The heat map is
$J = \operatorname{diag}(\mathbf p) - \mathbf p \mathbf p^\top$ with its entries written in; the table gives each
row's sum (always 0, property 2 below) and the gradient of cross-entropy, $\mathbf p - \mathbf y$, derived in the
next section. Make one logit much larger than the others and every entry of $J$ fades towards 0.
""",
        ),
        code(
            "x04-explorer",
            "x04-intro",
            """
from helpers.explorers import JacobianExplorer

JacobianExplorer(logits=[2.0, 1.0, 0.1], label=0)
""",
        ),
    ],
    "05_ce_vs_squared_error": [
        markdown(
            "x05-intro",
            "c016",
            r"""
**Explore it.** Move $p_y$ (a logarithmic slider from $10^{-4}$ to 0.999, or type a value) and follow the point on
each curve: three classes, true class 0, the other two sharing $1 - p_y$, as in the figure above. Below about
$p_y = 0.3$ cross-entropy's gradient on the true logit stays near $-1$ while both squared-error gradients shrink
towards 0; the table gives the numbers and how many times stronger cross-entropy's gradient is.
""",
        ),
        code(
            "x05-explorer",
            "x05-intro",
            """
from helpers.explorers import LossGradientExplorer

LossGradientExplorer(p_true=0.1)
""",
        ),
    ],
    "06_nn1_vs_nn2": [
        code("9f3feb8c", "9578a5d0", "explorer = nn_explorer()\nexplorer"),
        code(
            "dad86236",
            "9f3feb8c",
            """
# The explorer starts at the tutorial's predictions and shows the tutorial's numbers.
start = explorer.metrics()
assert explorer.values() == ([0.9, 0.1, 0.4], [0.6, 0.3, 0.1])
shown = explorer.readout()
assert (shown["err_NN1"], shown["mse_NN1"], shown["ce_NN1"]) == ("0.3333", "0.2533", "0.3757")
assert (shown["err_NN2"], shown["mse_NN2"], shown["ce_NN2"]) == ("0.3333", "0.7067", "1.0567")
for name in ("NN1", "NN2"):
    for metric, value in start[name].items():
        assert math.isclose(value, seed_metrics(SEED_PREDICTIONS[name], LABELS)[metric], rel_tol=1e-12)
# Moving a value changes the metrics, and only crossing 0.5 moves the classification error; reset() goes back.
explorer.nn1 = [0.55, 0.1, 0.4]
moved = explorer.metrics()["NN1"]
assert moved["classification error"] == 1 / 3 and moved["cross-entropy"] > start["NN1"]["cross-entropy"]
explorer.nn2 = [0.6, 0.3, 0.51]
assert explorer.metrics()["NN2"]["classification error"] == 0.0
explorer.reset()
assert explorer.values() == ([0.9, 0.1, 0.4], [0.6, 0.3, 0.1]) and explorer.readout() == shown
""",
            tags=("remove-cell",),
        ),
    ],
    "07_rnn": [
        markdown(
            "x07-intro",
            "19a961e9",
            r"""
**Explore it.** The trained model itself runs in this page: its weights were exported into the explorer when the
chapter was executed, and your browser runs the same recurrence. Type a prompt and move the temperature: the
bars are the eight most likely next characters, softmax($\mathbf z / T$) of the logits after the prompt, and
the text below is a sample drawn from the model with the page's own seeded random numbers (the same seed gives
the same text; the samples above used torch's generator, so they differ).
""",
        ),
        code(
            "x07-explorer",
            "x07-intro",
            """
from helpers.char_explorer import CharModelExplorer

explorer = CharModelExplorer(model, vocab, prompt="Alice was ", temperature=1.0, seed=SEED, length=80)
explorer
""",
        ),
        code(
            "x07-check",
            "x07-explorer",
            """
# The exported (float32) weights give the trained model's logits to within 1e-4.
from helpers.char_explorer import CharRNN

net = CharRNN(explorer.weights, explorer.hidden_size, explorer.vocab)
for text in ["Alice was ", "The Hatter said", "x"]:
    assert np.abs(net.logits(net.encode(text)[0]) - R.logits_after(model, vocab, text)).max() < 1e-4
""",
            tags=("remove-cell",),
        ),
    ],
    "08_calibration": [
        markdown(
            "x08-intro",
            "c8000020",
            r"""
**Explore it.** The network's 3,000 test predictions of step 1,000 run in this page: their logits were exported
into the explorer when the chapter was executed, and your browser recomputes $\operatorname{softmax}(z / T)$ for
all of them as you move the temperature (a logarithmic slider from 0.05 to 20, the arrow keys, or type a value).
The bars are each confidence bin's accuracy, the red segments their gaps to the bin's mean confidence, the dashed
line the diagonal. At $T = 1$ you see the middle diagram above, near the fitted $T$ the right one. The accuracy never
moves; the ECE and the NLL do, and they are not smallest at the same temperature.
""",
        ),
        code(
            "x08-explorer",
            "x08-intro",
            """
from helpers.calibration_explorer import CalibrationExplorer

explorer = CalibrationExplorer(z_test, y_test, temperature=1.0)
explorer
""",
        ),
        code(
            "x08-check",
            "x08-explorer",
            """
# The exported (float32) logits give the chapter's numbers at T = 1 and at the fitted T.
for temperature, summary in [(1.0, before), (T, after)]:
    explorer.temperature = temperature
    shown = explorer.readout()
    for key, name in [("ece", "ECE"), ("nll", "NLL"), ("accuracy", "accuracy"), ("confidence", "mean confidence")]:
        assert shown[key] == f"{summary[name]:.4f}", (temperature, key, shown[key], summary[name])
# The ECE and the NLL are smallest at different temperatures (the text above says so).
grid = np.geomspace(0.05, 20, 400)
ece_best = grid[np.argmin([expected_calibration_error(softmax(z_test, temperature=t), y_test) for t in grid])]
nll_best = grid[np.argmin([mean_nll(z_test, y_test, t) for t in grid])]
assert abs(np.log(ece_best / nll_best)) > 0.05, (ece_best, nll_best)
explorer.temperature = 1.0
""",
            tags=("remove-cell",),
        ),
    ],
}

FIXES: dict[str, list[tuple[str, str, str]]] = {
    "02_softmax": [
        (
            "c060",
            "(The sliders need a running Python kernel: open this page in Binder or Colab with\n"
            "the rocket icon at the top. The static figure after it shows the same story.)",
            "(The explorer runs in the page itself, and in Binder or Colab from the rocket icon at\n"
            "the top. The static figure after it shows the same story.)",
        )
    ],
    "03_cross_entropy": [
        (
            "c040",
            "(The slider needs a running kernel: use the rocket icon for Binder or Colab. The\nfigure above tells "
            "the same story.)",
            "(The explorer runs in the page itself, and in Binder or Colab from the rocket icon. The\nfigure above "
            "tells the same story.)",
        )
    ],
    "06_nn1_vs_nn2": [
        (
            "6b0721eb",
            "The static page has no Python kernel behind the sliders, so here is the same experiment without them.",
            "Here is the same experiment as a static figure, for print and for readers without JavaScript.",
        )
    ],
}


def apply(nb: nbformat.NotebookNode, chapter: str) -> bool:
    """Place the chapter's explorer cells and fixes, drop stored widget state; return whether anything changed."""
    changed = nb.metadata.pop("widgets", None) is not None  # the site needs none (see _config.yml)
    for spec in CELLS.get(chapter, []):
        ids = [c.get("id") for c in nb.cells]
        make = nbformat.v4.new_markdown_cell if spec["type"] == "markdown" else nbformat.v4.new_code_cell
        if spec["id"] in ids:
            cell = nb.cells[ids.index(spec["id"])]
        else:
            if spec["after"] not in ids:
                raise SystemExit(f"{chapter}: no cell {spec['after']!r} to put {spec['id']!r} after")
            cell = make(source="")
            cell["id"] = spec["id"]
            nb.cells.insert(ids.index(spec["after"]) + 1, cell)
            changed = True
        metadata = dict(spec.get("meta", {}))
        if spec["tags"]:
            metadata["tags"] = spec["tags"]
        if cell.source != spec["source"] or dict(cell.metadata) != metadata:
            cell.source, cell.metadata = spec["source"], nbformat.from_dict(metadata)
            changed = True
    for cell_id, old, new in FIXES.get(chapter, []):
        cell = next((c for c in nb.cells if c.get("id") == cell_id), None)
        if cell is not None and old in cell.source:
            cell.source = cell.source.replace(old, new)
            changed = True
    return changed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report notebooks that need the script, change nothing")
    args = parser.parse_args(argv)
    stale = []
    for chapter in CELLS:
        path = ROOT / "chapters" / f"{chapter}.ipynb"
        nb = nbformat.read(path, as_version=4)
        if apply(nb, chapter):
            stale.append(path.name)
            if not args.check:
                nbformat.write(nb, path)
    verb = "need" if args.check else "updated"
    print(f"{verb}: {', '.join(stale) or 'none'}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
