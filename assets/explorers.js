// Mounts the course's explorers on the static site, with no kernel and no network.
//
// An explorer cell's output carries a mount point written by helpers.explorers.mount_html:
//   <div class="course-explorer" data-explorer="softmax"><script type="application/json">{state}</script>...</div>
// This loader imports that explorer's module (_static/explorers/<name>.js, the same text Jupyter runs through
// anywidget) and calls its render({ model, el }) with a small in-page model holding the state: get, set, on, off,
// save_changes (nothing to save to), send. Test hook: the mount point's `explorer` property is { name, model }.
const MODULES = new URL("./explorers/", import.meta.url);

function inPageModel(initial) {
  const state = { ...initial };
  const handlers = new Map();
  const fire = (event, value) => (handlers.get(event) || []).slice().forEach((callback) => callback(value));
  return {
    get: (key) => state[key],
    set(key, value) {
      state[key] = value;
      fire(`change:${key}`, value);
      fire("change");
    },
    on(event, callback) {
      for (const name of event.split(" ")) handlers.set(name, [...(handlers.get(name) || []), callback]);
    },
    off(event, callback) {
      for (const name of (event || "").split(" ")) {
        handlers.set(name, callback ? (handlers.get(name) || []).filter((c) => c !== callback) : []);
      }
    },
    save_changes() {},
    send() {},
  };
}

async function mount(host) {
  const name = host.dataset.explorer;
  const state = JSON.parse(host.querySelector("script.course-explorer-state").textContent);
  const { default: widget } = await import(new URL(`${name}.js`, MODULES).href);
  const model = inPageModel(state);
  const el = document.createElement("div");
  host.querySelector(".course-explorer-note")?.remove();
  host.append(el);
  host.explorer = { name, model };
  await widget.render({ model, el });
  host.dataset.ready = "true";
}

for (const host of document.querySelectorAll(".course-explorer[data-explorer]")) {
  mount(host).catch((error) => {
    host.dataset.ready = "error";
    console.error(`explorer ${host.dataset.explorer}:`, error);
  });
}
