// The single window's item picker (intake_choose.html): a search over the list, and 情形引导 — choosing a
// situation ticks its items (kept in the catalog as data) and shows them in the order of the process.
// On a phone the ~80 items would be a wall several thousand pixels tall: each stage is a <details>, folded
// there unless a search is typed, each stage's summary saying how many of its items are ticked (the situation's
// guide lists them in order); open everywhere without JavaScript and on wider screens.
(function () {
  const narrow = window.matchMedia("(max-width: 767.98px)");

  function refold(list, searching, badgesOnly = false) {
    list.querySelectorAll("details.item-stage").forEach((stage) => {
      const ticked = stage.querySelectorAll("input[name=items]:checked").length;
      const badge = stage.querySelector("[data-stage-ticked]");
      if (badge) {
        badge.textContent = `${badge.dataset.label} ${ticked}`;
        badge.hidden = ticked === 0;
      }
      if (!badgesOnly) stage.open = searching || !narrow.matches;
    });
  }

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
      refold(list, words.length > 0);
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
      refold(list, false);
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-item-search]").forEach(search);
    document.querySelectorAll("[data-situation-picker]").forEach(situations);
    document.querySelectorAll("[data-item-search]").forEach((input) => {
      const list = document.querySelector(input.dataset.target);
      list.addEventListener("change", () => refold(list, false, true)); // a box ticked by hand folds nothing
    });
  });
})();
