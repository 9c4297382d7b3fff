// The single window's item picker (intake_choose.html): a search over the list, and 情形引导 — choosing a
// situation ticks its items (kept in the catalog as data) and shows them in the order of the process.
(function () {
  function normal(text) {
    return (text || "").toLowerCase().replace(/\s+/g, "");
  }

  function search(input) {
    const list = document.querySelector(input.dataset.target);
    const apply = () => {
      const words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      let shown = 0;
      list.querySelectorAll(".item-stage").forEach((stage) => {
        let inStage = 0;
        stage.querySelectorAll("[data-item-text]").forEach((label) => {
          const text = normal(label.dataset.itemText);
          const hit = words.every((w) => text.includes(w));
          label.hidden = !hit;
          if (hit) inStage += 1;
        });
        stage.hidden = inStage === 0;
        shown += inStage;
      });
      const none = list.querySelector("[data-no-match]");
      if (none) none.hidden = shown > 0;
    };
    input.addEventListener("input", apply);
    apply();
  }

  function situations(select) {
    const list = document.querySelector(select.dataset.target);
    select.addEventListener("change", () => {
      document.querySelectorAll("[data-situation]").forEach((guide) => {
        guide.hidden = guide.dataset.situation !== select.value;
      });
      const option = select.selectedOptions[0];
      const ids = (option && option.dataset.items ? option.dataset.items : "").split(" ").filter(Boolean);
      ids.forEach((id) => {
        const box = list.querySelector(`input[name=items][value="${id}"]`);
        if (box) box.checked = true;
      });
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-item-search]").forEach(search);
    document.querySelectorAll("[data-situation-picker]").forEach(situations);
  });
})();
