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

// A formatting toolbar and a preview above every Markdown text (`textarea[data-markdown]`),
// so staff need not know the syntax. The preview is drawn by the server
// (POST /admin/markdown/previa), with the portal's own renderer. Without JavaScript the
// textarea and its "Como formatar" help work alone.
(function () {
  var campos = document.querySelectorAll("textarea[data-markdown]");
  if (!campos.length) return;
  var csrf = document.querySelector("input[name=_csrf]");
  function trocar(ta, inicio, fim, texto, selIni, selFim) {
    ta.focus();
    ta.setRangeText(texto, inicio, fim, "end");
    ta.setSelectionRange(inicio + selIni, inicio + selFim);
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }
  function envolver(ta, antes, depois, exemplo) {
    var i = ta.selectionStart, f = ta.selectionEnd;
    var sel = ta.value.slice(i, f) || exemplo;
    trocar(ta, i, f, antes + sel + depois, antes.length, antes.length + sel.length);
  }
  function prefixar(ta, prefixo) {
    var v = ta.value;
    var i = v.lastIndexOf("\n", ta.selectionStart - 1) + 1;
    var f = v.indexOf("\n", ta.selectionEnd);
    if (f < 0) f = v.length;
    var n = 0;
    var linhas = v.slice(i, f).split("\n").map(function (l) {
      n += 1;
      return (typeof prefixo === "function" ? prefixo(n) : prefixo) + l;
    });
    var novo = linhas.join("\n");
    trocar(ta, i, f, novo, 0, novo.length);
  }
  var acoes = [
    ["Negrito", function (ta) { envolver(ta, "**", "**", "texto em negrito"); }],
    ["Itálico", function (ta) { envolver(ta, "*", "*", "texto em itálico"); }],
    ["Título", function (ta) { prefixar(ta, "## "); }],
    ["Lista", function (ta) { prefixar(ta, "- "); }],
    ["Lista numerada", function (ta) { prefixar(ta, function (n) { return n + ". "; }); }],
    ["Citação", function (ta) { prefixar(ta, "> "); }],
    ["Link", function (ta) {
      var i = ta.selectionStart, f = ta.selectionEnd;
      var sel = ta.value.slice(i, f) || "texto do link";
      var texto = "[" + sel + "](https://)";
      trocar(ta, i, f, texto, sel.length + 3, sel.length + 11);
    }]
  ];
  Array.prototype.forEach.call(campos, function (ta) {
    var barra = document.createElement("div");
    barra.className = "md-barra";
    barra.setAttribute("role", "toolbar");
    barra.setAttribute("aria-label", "Formatação do texto");
    barra.setAttribute("aria-controls", ta.id);
    acoes.forEach(function (a) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = a[0];
      b.addEventListener("click", function () { a[1](ta); });
      barra.appendChild(b);
    });
    var ver = document.createElement("button");
    ver.type = "button";
    ver.className = "md-ver";
    ver.textContent = "Pré-visualizar";
    barra.appendChild(ver);
    var previa = document.createElement("div");
    previa.className = "md-previa";
    previa.id = ta.id + "-previa";
    previa.setAttribute("role", "region");
    previa.setAttribute("aria-label", "Prévia do texto");
    previa.setAttribute("aria-live", "polite");
    previa.hidden = true;
    var rotulo = document.createElement("p");
    rotulo.className = "md-rotulo";
    rotulo.textContent = "Prévia: como o texto aparecerá no portal";
    var conteudo = document.createElement("div");
    previa.appendChild(rotulo);
    previa.appendChild(conteudo);
    ver.setAttribute("aria-controls", previa.id);
    ver.addEventListener("click", function () {
      var corpo = new URLSearchParams();
      corpo.set("_csrf", csrf ? csrf.value : "");
      corpo.set("texto", ta.value);
      fetch("/admin/markdown/previa", { method: "POST", body: corpo, credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status);
          return r.text();
        })
        .then(function (html) {
          // Already cleaned by the server (ammonia), as the portal shows it.
          conteudo.innerHTML = html || "<p>(texto vazio)</p>";
          previa.hidden = false;
          ver.textContent = "Atualizar a prévia";
        })
        .catch(function () {
          conteudo.textContent = "Não foi possível gerar a prévia agora. O texto não foi perdido.";
          previa.hidden = false;
        });
    });
    ta.addEventListener("keydown", function (e) {
      if (!(e.ctrlKey || e.metaKey)) return;
      var k = e.key.toLowerCase();
      if (k === "b") { e.preventDefault(); acoes[0][1](ta); }
      if (k === "i") { e.preventDefault(); acoes[1][1](ta); }
    });
    ta.parentNode.insertBefore(barra, ta);
    ta.parentNode.insertBefore(previa, ta.nextSibling);
  });
})();
