// Live preview of the câmara's identity on /admin/configuracoes. The page works without it:
// the preview then shows the saved identity.
(function () {
  var preview = document.getElementById("previa");
  if (!preview) return;
  function bind(id, apply) {
    var el = document.getElementById(id);
    if (!el) return;
    var run = function () { apply(el.value); };
    el.addEventListener("input", run);
    run();
  }
  var valid = /^#([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
  bind("cor_primaria", function (v) { if (valid.test(v)) preview.style.setProperty("--cor-primaria", v); });
  bind("cor_secundaria", function (v) { if (valid.test(v)) preview.style.setProperty("--cor-secundaria", v); });
  bind("nome", function (v) { var n = preview.querySelector(".nome"); if (n) n.textContent = v; });
})();
