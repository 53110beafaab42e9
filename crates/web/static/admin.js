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
  // The hex code beside each swatch, and the contrast of white text on the primary colour
  // (the server words the same message when the page is drawn).
  function luz(hex) {
    var h = hex.length === 4 ? hex.replace(/[0-9a-f]/gi, "$&$&").slice(1) : hex.slice(1);
    var c = [0, 2, 4].map(function (i) {
      var v = parseInt(h.substr(i, 2), 16) / 255;
      return v <= 0.04045 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }
  ["cor_primaria", "cor_secundaria"].forEach(function (id) {
    bind(id, function (v) { var c = document.getElementById("hex-" + id); if (c && valid.test(v)) c.textContent = v.toLowerCase(); });
  });
  bind("cor_primaria", function (v) {
    var p = document.getElementById("contraste-primaria");
    if (!p || !valid.test(v)) return;
    var r = Math.floor((1.05 / (luz(v) + 0.05)) * 10) / 10;
    var razao = r.toFixed(1).replace(".", ",") + ":1";
    var baixo = r < 4.5;
    p.classList.toggle("contraste-baixo", baixo);
    p.textContent = baixo
      ? "Contraste baixo com o texto branco: " + razao + "; o mínimo do WCAG AA é 4,5:1. O cabeçalho, os botões e os links ficarão difíceis de ler: escolha uma cor mais escura."
      : "Contraste com o texto branco: " + razao + " (o mínimo é 4,5:1).";
  });
  bind("nome", function (v) { var n = preview.querySelector(".nome"); if (n) n.textContent = v; });
})();
