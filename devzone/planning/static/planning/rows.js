// 市级统筹's row editors (planning/_rows.html: a plan's annual tasks, a scheme's indicators, each a Django formset).
// 添加一行 copies the blank row kept in the editor's <template> (Django's empty form, its index written
// "__prefix__" and its number "__num__") in as the next row, counts it in the formset's TOTAL_FORMS, and puts the
// cursor in its first field. Without JavaScript the button stays hidden: the page's spare blank rows serve, and
// blank rows are not saved.
(() => {
  function numbered(node, index) {
    const fill = (text) => text.replaceAll("__prefix__", String(index)).replaceAll("__num__", String(index + 1));
    [node, ...node.querySelectorAll("*")].forEach((el) => {
      Array.from(el.attributes || []).forEach((a) => {
        if (a.value.includes("__")) el.setAttribute(a.name, fill(a.value));
      });
    });
    const walker = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
    for (let t = walker.nextNode(); t; t = walker.nextNode()) {
      if (t.nodeValue.includes("__num__")) t.nodeValue = fill(t.nodeValue);
    }
    return node;
  }

  function setUp(editor) {
    const prefix = editor.dataset.rows;
    const total = editor.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
    const most = Number(editor.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`).value);
    const template = editor.querySelector("template[data-row-template]");
    const list = editor.querySelector("[data-row-list]");
    const button = editor.querySelector("[data-row-add]");
    const full = () => Number(total.value) >= most;
    button.hidden = false;
    button.disabled = full();
    button.addEventListener("click", () => {
      if (full()) return;
      const index = Number(total.value);
      const row = numbered(template.content.firstElementChild.cloneNode(true), index);
      list.append(row);
      total.value = String(index + 1);
      button.disabled = full();
      row.querySelector("input:not([type=hidden]):not(.btn-check), select")?.focus();
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    document.querySelectorAll("[data-rows]").forEach(setUp);
  });
})();
