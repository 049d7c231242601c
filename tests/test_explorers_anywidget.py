"""The explorers as Jupyter widgets (anywidget): the module Jupyter runs is the one the site serves, the state goes to
the front end and back as JSON, and the module works with a model that behaves like anywidget's.

anywidget hands `render` a proxy of the ipywidgets (Backbone) model: `get`, `set` (which fires `change:<key>` at once,
and only when the value really changes), `on`/`off` with a context, `save_changes` (which sends the changed keys to
Python) and `send`. The browser test below builds that model around the served module and plays both directions of a
kernel's traffic: Python's changes arrive as `set` calls and must redraw every number without being echoed back;
the reader's key presses must reach `save_changes`, and the widget in Python, given those changes, must read out
exactly what the page shows. A document-level key handler that swallows arrow keys stands in for JupyterLab's
shortcuts (which took arrow keys on a slider as notebook commands until the explorers kept their keys to themselves).
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from sitekit import SITE, open_page, toc_docnames
from test_explorers_browser import READ, _compare, settings

from helpers.explorers import (
    ArgmaxExplorer,
    CalibrationExplorer,
    CharModelExplorer,
    CrossEntropyExplorer,
    Explorer,
    JacobianExplorer,
    LossGradientExplorer,
    NNExplorer,
    SoftmaxExplorer,
    explorer_css,
    explorer_module,
)
from helpers.rnn import CharModel, Vocabulary

pytestmark = pytest.mark.filterwarnings("ignore:Session-scoped fixtures defined as instance methods")
NAMES = ["argmax", "softmax", "cross_entropy", "jacobian", "loss_gradient", "nn", "char_model", "calibration"]


def make(name: str) -> Explorer:
    """A widget of explorer `name`, as a chapter creates it (the character model small and seeded)."""
    if name == "char_model":
        torch.manual_seed(0)
        return CharModelExplorer(CharModel(3, 8), Vocabulary(("a", "b", " ")), prompt="ab ", temperature=0.7, seed=3)
    if name == "calibration":
        rng = np.random.default_rng(8)
        logits = rng.normal(scale=3.0, size=(200, 3))
        labels = np.where(rng.random(200) < 0.7, logits.argmax(axis=1), rng.integers(0, 3, size=200))
        return CalibrationExplorer(logits, labels, temperature=1.0)
    return {
        "argmax": lambda: ArgmaxExplorer(logits=[0.0, 1.0, 0.5]),
        "softmax": lambda: SoftmaxExplorer([2.0, 1.0, 0.1]),
        "cross_entropy": lambda: CrossEntropyExplorer(0.7),
        "jacobian": lambda: JacobianExplorer(logits=[2.0, 1.0, 0.1], label=0),
        "loss_gradient": lambda: LossGradientExplorer(p_true=0.1),
        "nn": NNExplorer,
    }[name]()


def as_json(value):
    """`value` as it crosses the comm: JSON, and back."""
    return json.loads(json.dumps(value))


def as_sent(value):
    """`value` as the front end sends it: JSON, in which JavaScript writes 2.0 as 2."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [as_sent(v) for v in value]
    if isinstance(value, dict):
        return {k: as_sent(v) for k, v in value.items()}
    return value


@pytest.mark.parametrize("name", NAMES)
def test_the_widget_runs_the_module_and_style_the_site_serves(name):
    widget = make(name)
    state = widget.get_state()
    served = SITE / "_static" / "explorers"
    assert state["_esm"] == explorer_module(name) == (served / f"{name}.js").read_text(encoding="utf-8")
    assert state["_css"] == explorer_css() == (served / "explorers.css").read_text(encoding="utf-8")
    bundle, _ = widget._repr_mimebundle_()
    assert bundle["application/vnd.jupyter.widget-view+json"]["model_id"] == widget.model_id
    mount = bundle["text/html"].split('class="course-explorer-state">')[1].split("</script>")[0]
    assert json.loads(mount) == widget.state(), "the site's mount point carries another state than the widget"


@pytest.mark.parametrize("name", NAMES)
def test_state_round_trips_through_json_as_the_front_end_sends_it(name):
    """Each state of the browser grid, sent as the front end would (JSON; whole numbers arrive as ints), sets the
    widget in Python, which then sends the same state back and reads out what helpers computes for it."""
    widget = make(name)
    for values in settings(name)[::7]:
        sent = as_json(as_sent(values))
        widget.set_state(sent)
        back = as_json(widget.get_state(list(values)))
        assert back == as_json(values), f"{name}: sent {sent}, the widget holds {back}"
        assert widget.readout(), name  # helpers reads the state the front end sent
    assert as_json(widget.state()) == widget.state()


JUPYTER = """async ([url, initial]) => {
  // A stand-in for anywidget's model proxy over an ipywidgets (Backbone) model.
  const { default: widget } = await import(url);
  const state = structuredClone(initial), changed = {}, saved = [];
  let listeners = [];
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const model = {
    get: (key) => state[key],
    set(key, value) {
      if (same(state[key], value)) return;  // Backbone: no change, no event
      state[key] = value;
      changed[key] = value;
      for (const l of listeners.filter((l) => l.name === `change:${key}`)) l.callback.call(l.context, model, value, {});
      for (const l of listeners.filter((l) => l.name === "change")) l.callback.call(l.context, model, {});
    },
    save_changes() {
      saved.push(structuredClone(changed));
      for (const key of Object.keys(changed)) delete changed[key];
    },
    send() {},
    on(names, callback, context) {
      for (const name of names.split(" ")) listeners.push({ name, callback, context });
    },
    off(names, callback, context) {
      const gone = (l) => (!names || names.split(" ").includes(l.name)) && (!callback || l.callback === callback) &&
        (!context || l.context === context);
      listeners = listeners.filter((l) => !gone(l));
    },
  };
  // JupyterLab's shortcuts listen on the document and swallow arrow keys they take for notebook commands.
  document.addEventListener("keydown", (e) => e.key.startsWith("Arrow") && e.preventDefault());
  const el = document.createElement("div");
  document.body.append(el);
  const cleanup = await widget.render({ model, el });
  window.jupyter = { model, el, saved, cleanup, listeners: () => listeners.length };
}"""
FROM_KERNEL = """(values) => {
  const { model, el } = window.jupyter;
  for (const [key, value] of Object.entries(values)) model.set(key, value);  // as a comm update applies them
  return read(el);
}"""


@pytest.mark.parametrize("name", NAMES)
def test_the_module_works_with_an_anywidget_model_both_ways(page, site_url, name):
    widget = make(name)
    report = open_page(page, site_url, f"{toc_docnames()[0]}.html")
    page.add_script_tag(content=READ)
    page.evaluate(JUPYTER, [f"{site_url}_static/explorers/{name}.js", widget.state()])
    _compare(name, widget.state(), page.evaluate("() => read(window.jupyter.el)"), f"{name}, first drawn")

    for values in settings(name)[:40:8]:  # Python changes the state: every number follows, nothing is echoed back
        shown = page.evaluate(FROM_KERNEL, values)
        widget.set_state(as_json(as_sent(values)))
        _compare(name, widget.state(), shown, f"{name}, set from Python to {values}")
    assert page.evaluate("window.jupyter.saved") == [], f"{name} sent Python's own changes back"

    page.locator("div.cx-explorer").last.locator("input[type=range]").first.focus()
    for key in ["ArrowRight", "ArrowRight"]:  # the reader moves a slider: the changes reach Python
        page.keyboard.press(key)
    sent = page.evaluate("window.jupyter.saved")
    assert sent, f"{name}: the arrow keys never reached the model (swallowed by the notebook's shortcuts?)"
    for changes in sent:
        widget.set_state(as_json(as_sent(changes)))
    _compare(name, widget.state(), page.evaluate("() => read(window.jupyter.el)"), f"{name}, after {sent}")

    assert page.evaluate("typeof window.jupyter.cleanup") == "function"
    page.evaluate("window.jupyter.cleanup()")
    assert page.evaluate("window.jupyter.listeners()") == 0, f"{name}: render's clean-up left listeners behind"
    assert not report.page_errors and not report.console_errors, report
