// 站内搜索：每一条款是一篇文档，按相关程度排列，每条结果直接链接到条款。
// The site's own search. Clauses and the query are cut by the same function here, in the
// browser (CJK runs into overlapping character pairs, letters and numbers into whole words),
// so the index and the query always agree; the index's word list (the text's words, as the
// build's segmenter found them) only says which of the question's pairs straddle two words.
// Staff words that the text does not use reach a clause through the glossary's aliases and
// colloquial names (the index's "vocab") and the everyday words (its "near"). Among the clauses
// found, those that answer staff questions close to the query (each clause's "q") move up.
var PolicySearch = (function () {
  "use strict";

  // Words that say what kind of question it is, not what it is about.
  var FILLER = ["怎么办", "怎么样", "怎么", "为什么", "什么时候", "啥时候", "的时候", "时候", "什么",
    "多长时间", "多长", "多快", "最晚", "哪天",
    "多久", "多少", "几天", "几年", "几个", "几次", "可以", "能不能", "能否", "是否", "需要", "要不要",
    "还能", "还要", "哪个", "哪些", "如何", "请问", "是不是", "有没有", "还是", "应该", "必须", "吗",
    "呢", "吧", "啊", "了", "这些", "那些", "这个", "那个", "这种", "那种", "这样", "那样", "这边",
    "那边", "本身"];
  // Characters that join words in a question but belong to none of the words asked about.
  var STOP = /[的了吗呢吧啊呀嘛把被我你他她们谁啥咋]/g;
  // How much each signal counts (chosen on the gold set's tuning half and on query sets written
  // apart from it, never on the held-out half: make bench-search).
  var P = {text: 1.33, section: 0.5, keys: 0.8, k1: 2.0, b: 0.75, term: 1.5, home: 1.5,
    homeAdd: 1.5, near: 3, gap: 8, phrase: 0.5, floor: 0.26, kind: 1.5, limits: 1.0, period: 1.1,
    other: 2.0, single: 0.1, cut: 0.12, char: 0.5, topic: 1.4, cross: 0.3, solo: 3, cites: 0.15,
    asked: 2};
  // Characters too common in a question to say anything when they stand alone.
  var PLAIN = /[的了吗呢吧啊呀嘛把被我你他她们谁啥咋是有在要不没别能会就也都还再又才很太和与或让给来去说个这那些算]/;
  // What a question asks for: a deadline or period (the clauses that set one), or who does it.
  // A question about a deadline or period is best answered by a clause that registers one of
  // the kind asked about (its "l": the kinds of its limits), then by one that states a period.
  var PERIOD = /\d+(?:\.\d+)?\s*(?:个)?(?:工作日|日|天|小时|分钟|秒|周|个月|年)/;
  var ASKS = [
    {q: /(?:保存|保管|留存|保留|存放|留)(?:多久|多长时间|几年|多少年)|保存期限|保管期限/, kind: "保存期限"},
    {q: /提前(?:多久|多长时间|几天|多少天|几个工作日)|提前期/, kind: "提前期"},
    {q: /多久一次|多长时间一次|每隔多久|多久.*?一次|几次|频次|频率|周期/, kind: "周期"},
    {q: /多久|多长时间|几天|几日|几个工作日|几个月|多少天|期限|时限|时效|什么时候|何时|多快|几点/,
     kind: "时限"},
    {q: /有效期|多久有效|多久过期|过期/, kind: "有效期"}];

  function norm(s) { return (s || "").normalize("NFKC").toLowerCase(); }
  var RUN = /([\u3400-\u9fff\uf900-\ufaff]+)|([a-z0-9]+(?:[.\-][a-z0-9]+)*)/g;
  function tokens(s) {
    var out = [], m;
    s = norm(s);
    RUN.lastIndex = 0;
    while ((m = RUN.exec(s))) {
      if (m[1]) {
        var r = m[1];
        if (r.length === 1) out.push(r);
        for (var i = 0; i + 1 < r.length; i++) out.push(r.substr(i, 2));
      } else {
        out.push(m[2]);
      }
    }
    return out;
  }
  // What two wordings of a question are compared by: the character pairs the index cuts and
  // each character alone (marked apart from a one-character token). Wordings often share a
  // character where they share no pair (宕了 / 宕机, 回音 / 回复).
  function features(q) {
    var f = counts(tokens(q));
    (norm(q).match(/[\u3400-\u9fff\uf900-\ufaff]/g) || []).forEach(function (ch) {
      f["\u0001" + ch] = 1;
    });
    return Object.keys(f);
  }
  function counts(list) {
    var c = Object.create(null);
    list.forEach(function (t) { c[t] = (c[t] || 0) + 1; });
    return c;
  }

  var index = null;
  // The index as loaded from policy-search/index.json, prepared for searching.
  function prepare(data) {
        var docs = data.docs, df = Object.create(null), kdf = Object.create(null);
        var cdf = Object.create(null), sums = {t: 0, s: 0, k: 0};
        docs.forEach(function (d) {
          d.text = norm(d.t);
          d.f = {t: counts(tokens(d.t)), s: counts(tokens(d.s)), k: counts(tokens(d.k.join(" ")))};
          d.len = {};
          d.keys = d.k.map(norm);
          d.h = (d.h || []).map(norm);
          d.l = d.l || [];
          d.lt = (d.lt || []).map(norm);
          var seen = Object.create(null);
          ["t", "s", "k"].forEach(function (f) {
            var n = 0;
            for (var tok in d.f[f]) { n += d.f[f][tok]; seen[tok] = 1; }
            d.len[f] = n; sums[f] += n;
          });
          for (var tok in seen) df[tok] = (df[tok] || 0) + 1;
          d.keys.forEach(function (k) { kdf[k] = (kdf[k] || 0) + 1; });
          d.chars = Object.create(null);
          for (var i = 0; i < d.text.length; i++) d.chars[d.text[i]] = 1;
          for (var ch in d.chars) cdf[ch] = (cdf[ch] || 0) + 1;
        });
        // the clauses each one points to for a rule (its "r": "按第 2.5.1 条执行")
        var byId = Object.create(null);
        docs.forEach(function (d) { byId[d.id] = d; });
        docs.forEach(function (d) {
          d.cites = (d.r || []).map(function (id) { return byId[id]; }).filter(Boolean);
        });
        // the staff questions each clause answers (its "q"), as weighted features (features())
        var asked = [], qdf = Object.create(null);
        docs.forEach(function (d) {
          (d.q || []).forEach(function (q) {
            var toks = features(q);
            toks.forEach(function (t) { qdf[t] = (qdf[t] || 0) + 1; });
            asked.push({d: d, toks: toks});
          });
        });
        var qidf = function (t) { return Math.log(1 + asked.length / (1 + (qdf[t] || 0))); };
        asked.forEach(function (x) {
          x.w = Object.create(null);
          var sq = 0;
          x.toks.forEach(function (t) { x.w[t] = qidf(t); sq += x.w[t] * x.w[t]; });
          x.norm = Math.sqrt(sq);
        });
        var avg = {t: sums.t / docs.length, s: sums.s / docs.length, k: sums.k / docs.length + 1};
        var vocab = Object.keys(data.vocab).map(function (w) { return [norm(w), data.vocab[w]]; })
          .sort(function (a, b) { return b[0].length - a[0].length; });
        var spellings = vocab.map(function (p) { return {w: p[0], term: p[1]}; }).concat(
          Object.keys(data.near || {}).map(function (w) {
            return {w: norm(w), near: data.near[w].map(norm)};
          }));
        spellings.sort(function (a, b) { return b.w.length - a.w.length; });  // stable: terms first
        var words = Object.create(null), longestWord = 0;
        (data.w || []).forEach(function (w) {
          w = norm(w); words[w] = 1; longestWord = Math.max(longestWord, w.length);
        });
        index = {docs: docs, df: df, kdf: kdf, cdf: cdf, avg: avg, n: docs.length, vocab: vocab,
                 spellings: spellings, words: words, longestWord: longestWord,
                 asked: asked, qidf: qidf};
        return index;
  }

  // A run of the query's characters cut into the words of the index's word list (the words of
  // the text, as the build's segmenter cut them), covering as many characters as words can:
  // [[start, end, known]], the characters no word covers grouped into runs of their own.
  function cut(r) {
    var n = r.length, best = [0], from = [0];
    for (var j = 1; j <= n; j++) {
      best[j] = best[j - 1]; from[j] = j - 1;  // the character alone, covered by no word
      for (var i = Math.max(0, j - index.longestWord); i < j - 1; i++) {
        if (index.words[r.slice(i, j)] && best[i] + (j - i) > best[j]) {
          best[j] = best[i] + (j - i); from[j] = i;
        }
      }
    }
    var parts = [];
    for (var k = n; k > 0; k = from[k]) parts.unshift([from[k], k, k - from[k] > 1]);
    var out = [];
    parts.forEach(function (p) {
      var last = out[out.length - 1];
      if (!p[2] && last && !last[2]) last[1] = p[1];
      else out.push(p);
    });
    return out;
  }

  // The query's tokens, each with how much it counts: a pair of characters inside a word (or
  // inside characters no word covers) fully, a pair that straddles two words less (线和 in
  // 热线和手机银行 is no word of the question).
  function queryTokens(s) {
    var out = [], m;
    RUN.lastIndex = 0;
    while ((m = RUN.exec(s))) {
      if (!m[1]) { out.push([m[2], 1]); continue; }
      var r = m[1];
      if (r.length === 1) { out.push([r, P.single]); continue; }
      var parts = cut(r);
      for (var i = 0; i + 1 < r.length; i++) {
        var inside = parts.some(function (p) { return p[0] <= i && i + 2 <= p[1]; });
        out.push([r.substr(i, 2), inside ? 1 : P.cross]);
      }
    }
    return out;
  }

  function idf(tok) {
    var df = index.df[tok] || 0;
    return Math.log(1 + (index.n - df + 0.5) / (df + 0.5));
  }

  // A clause number (5.4.2, 第5.4.2条) or id (C-5402, c5402): the clause itself.
  function direct(q) {
    var s = norm(q).replace(/\s+/g, "");
    var m = s.match(/^第?(\d+\.\d+\.\d+)条?$/);
    if (m) return index.docs.filter(function (d) { return d.n === m[1]; })[0];
    m = s.match(/^c-?(\d{4,6})$/);
    if (m) return index.docs.filter(function (d) { return d.id === "C-" + m[1]; })[0];
    return null;
  }

  // The query as concepts, each met by any one of its spellings: a glossary term its words name
  // (through the term, an alias or a colloquial name), an everyday word with the words the text
  // uses for it (the index's "near"), and the rest of its own words, one concept per token.
  function analyse(q) {
    var s = norm(q), concepts = [], terms = [], phrases = [];
    // what the question asks for, read before its everyday words are replaced
    var bare = s;
    index.vocab.forEach(function (pair) { if (pair[0]) bare = bare.split(pair[0]).join(" "); });
    var asks = ASKS.filter(function (ask) { return ask.q.test(bare); }).slice(0, 1);
    // the longest spelling first, a glossary term's or an everyday word's: 客户资料 is one
    // word of the question, not the term 客户 and a stray 资料
    index.spellings.forEach(function (sp) {
      var at = sp.w ? s.indexOf(sp.w) : -1;
      if (at < 0) return;
      s = s.slice(0, at) + " " + s.slice(at + sp.w.length);
      if (sp.near) {
        concepts.push({alts: [{str: sp.w, toks: tokens(sp.w), w: 1}].concat(
          sp.near.map(function (w) { return {str: w, toks: tokens(w), w: P.other}; }))});
        return;
      }
      if (terms.indexOf(sp.term) >= 0) return;
      terms.push(sp.term);
      concepts.push({term: sp.term, alts: [{str: sp.term, toks: tokens(sp.term), w: 1}]});
    });
    FILLER.forEach(function (w) { s = s.split(w).join(" "); });
    s = s.replace(STOP, " ");  // function words: no pair of characters across them
    // the query's own runs of words, as typed (before any word was replaced): the clause that
    // has the longest piece of one of them is the one that says it in the query's words
    var whole = norm(q);
    FILLER.forEach(function (w) { whole = whole.split(w).join(" "); });
    (whole.replace(STOP, " ").match(/[\u3400-\u9fff\uf900-\ufaff]{3,}/g) || []).forEach(
      function (p) { phrases.push(p); });
    terms.forEach(function (term) { phrases.push(term); });
    queryTokens(s).forEach(function (t) {
      concepts.push({alts: [{str: t[0], toks: [t[0]], w: t[1]}]});
    });
    concepts.forEach(function (c) {
      // how much the concept says: its rarest spelling's tokens, on average
      c.w = 0;
      c.alts.forEach(function (alt) {
        var seen = alt.toks.filter(function (t) { return index.df[t]; });
        if (!seen.length) return;
        var mean = seen.reduce(function (n, t) { return n + idf(t); }, 0) / seen.length;
        c.w = Math.max(c.w, alt.w * mean);
      });
    });
    // A pair of characters that no clause has (a word the text does not use) is met by its
    // characters, the rarer the more: 眼镜 still meets 老花镜.
    var single = Object.create(null);
    concepts.slice().forEach(function (c) {
      if (c.w > 0 || c.term || c.alts.length !== 1 || c.alts[0].str.length !== 2) return;
      c.alts[0].str.split("").forEach(function (ch) {
        var n = index.cdf[ch];
        if (single[ch] || !n || PLAIN.test(ch)) return;
        single[ch] = 1;
        concepts.push({ch: ch, w: P.char * Math.log(1 + (index.n - n + 0.5) / (n + 0.5)),
                       alts: [{str: ch, toks: [], w: 1}]});
      });
    });
    var weights = Object.create(null);  // every token, for the snippet's highlighting
    concepts.forEach(function (c) {
      c.alts.forEach(function (alt) { alt.toks.forEach(function (t) { weights[t] = 1; }); });
    });
    var kept = concepts.filter(function (c) { return c.w > 0; });
    var solo = terms.length === 1 && kept.filter(function (c) { return !c.ch; }).length === 1;
    return {concepts: kept, solo: solo, weights: weights,
            terms: terms, phrases: phrases, asks: asks, chars: Object.keys(single)};
  }

  // The longest piece of ``phrase`` (at least 3 characters) found in ``text``.
  function longest(phrase, text) {
    var best = 0;
    for (var i = 0; i < phrase.length; i++) {
      for (var j = phrase.length; j - i > Math.max(best, 2); j--) {
        if (text.indexOf(phrase.slice(i, j)) >= 0) { best = j - i; break; }
      }
    }
    return best;
  }

  function bm25(d, tok) {
    var FIELD = {t: P.text, s: P.section, k: P.keys};
    var got = 0;
    ["t", "s", "k"].forEach(function (f) {
      var tf = d.f[f][tok];
      if (!tf) return;
      var n = 1 - P.b + P.b * d.len[f] / index.avg[f];
      got += FIELD[f] * tf * (P.k1 + 1) / (tf + P.k1 * n);
    });
    return got * idf(tok);
  }

  // Where in the clause each of the concepts' spellings occurs.
  function places(d, c) {
    var at = [];
    c.alts.forEach(function (alt) {
      for (var i = d.text.indexOf(alt.str); i >= 0; i = d.text.indexOf(alt.str, i + 1)) at.push(i);
    });
    return at;
  }

  // The concepts close together in the clause: for each pair of them found, the nearer, the more.
  function nearness(d, a) {
    var found = a.concepts.filter(function (c) { return c.w >= 1; }).map(function (c) {
      return {w: c.w, at: places(d, c)};
    }).filter(function (x) { return x.at.length; });
    var bonus = 0;
    for (var i = 0; i < found.length; i++) {
      for (var j = i + 1; j < found.length; j++) {
        var gap = Infinity;
        found[i].at.forEach(function (p) {
          found[j].at.forEach(function (q) { gap = Math.min(gap, Math.abs(p - q)); });
        });
        bonus += Math.min(found[i].w, found[j].w) * P.near / (1 + gap / P.gap);
      }
    }
    return bonus;
  }

  function score(d, a) {
    var total = 0, hit = 0, all = 0, chars = 0;
    a.concepts.forEach(function (c) {
      var best = 0;
      if (c.ch) {  // a character standing in for a word no clause uses: only beside a word found
        all += c.w;
        if (d.chars[c.ch]) { chars += c.w; hit += c.w; }
        return;
      }
      c.alts.forEach(function (alt) {
        var got = 0, n = 0;
        alt.toks.forEach(function (t) { var x = bm25(d, t); if (x) { got += x; n++; } });
        // a spelling counts when most of it is there (a word of two characters: all of it)
        // (a long spelling of a short word counts no more than the word: per token of the word)
        if (n && n >= Math.ceil(alt.toks.length * 0.6)) {
          best = Math.max(best, alt.w * got * Math.min(1, c.alts[0].toks.length / alt.toks.length));
        }
      });
      if (c.term && d.keys.indexOf(c.term) >= 0) {  // the clause uses the term: the rarer, the more
        var kdf = index.kdf[c.term];
        best += P.term * Math.log(1 + (index.n - kdf + 0.5) / (kdf + 0.5));
      }
      if (c.term && d.h.indexOf(c.term) >= 0) {  // the clause sets the term's main rule
        best = best * P.home + P.homeAdd;
        // the query is the term alone (or one of its spellings): the glossary promises its main
        // clauses first, however long they are and however many others use the term
        if (a.solo) best *= P.solo;
      }
      all += c.w;
      if (best) { total += best; hit += c.w; }
    });
    if (!total) return 0;
    total += chars;
    a.phrases.forEach(function (p) {
      var n = longest(p, d.text);
      if (n >= 3) total += P.phrase * (n - 2);
    });
    total += nearness(d, a);
    var cover = all ? hit / all : 0;
    total *= P.floor + (1 - P.floor) * cover * cover;
    // a limit whose topic names what the question is about (答复 → 投诉处理决定): that is the one
    if (a.asks.length && d.lt.length && a.concepts.some(function (c) {
      return !c.ch && !c.term && c.w >= 1 && c.alts.some(function (alt) {
        return alt.str.length > 1 && d.lt.some(function (t) { return t.indexOf(alt.str) >= 0; });
      });
    })) total *= P.topic;
    a.asks.forEach(function (ask) {
      if (d.l.indexOf(ask.kind) >= 0) total *= P.kind;
      else if (d.l.length) total *= P.limits;
      else if (PERIOD.test(d.t)) total *= P.period;
    });
    return total;
  }

  function search(q) {
    var one = direct(q);
    if (one) return [{d: one, s: Infinity}];
    var a = analyse(q), scores = new Map(), extra = new Map(), out = [];
    index.docs.forEach(function (d) { scores.set(d, score(d, a)); });
    // a clause that answers the question by pointing to another ("保存期限按第 2.5.1 条执行")
    // lends the clause it points to a share of its score, if that one matches the question too
    index.docs.forEach(function (d) {
      var s = scores.get(d);
      if (s > 0) d.cites.forEach(function (c) {
        if (scores.get(c) > 0) extra.set(c, Math.max(extra.get(c) || 0, P.cites * s));
      });
    });
    index.docs.forEach(function (d) {
      var s = scores.get(d) + (extra.get(d) || 0);
      if (s > 0) out.push({d: d, s: s});
    });
    out.sort(function (x, y) { return y.s - x.s || (x.d.n < y.d.n ? -1 : 1); });
    var top = out.length ? out[0].s : 0;
    // a clause found that answers staff questions close to this one moves up: its score, as a
    // share of the best, gains P.asked times the likeness (cosine of their weighted features())
    // of the two closest such questions, added: two past askers are more than one. Not
    // for a glossary term typed alone: the glossary names the clauses it leads to (its "see").
    // The weakest matches are cut after that, so a clause asked about before is not lost
    var like = a.solo ? new Map() : alike(q);
    out = out.slice(0, 100);
    out.forEach(function (r) { r.s = r.s / top + P.asked * (like.get(r.d) || 0); });
    out.sort(function (x, y) { return y.s - x.s || (x.d.n < y.d.n ? -1 : 1); });
    var best = out.length ? out[0].s : 0;
    return out.filter(function (r) { return r.s >= best * P.cut; }).slice(0, 30);
  }

  // Clause -> the likeness of the two closest staff questions it answers, added (none: not in
  // the map).
  function alike(q) {
    var like = new Map();
    if (!P.asked || !index.asked.length) return like;
    var w = Object.create(null), sq = 0;
    features(q).forEach(function (t) {
      w[t] = index.qidf(t); sq += w[t] * w[t];
    });
    var norm = Math.sqrt(sq);
    if (!norm) return like;
    var two = new Map();
    index.asked.forEach(function (x) {
      var dot = 0;
      for (var t in w) if (x.w[t]) dot += w[t] * x.w[t];
      if (dot > 0) {
        var c = dot / (norm * x.norm), b = two.get(x.d) || [0, 0];
        two.set(x.d, c > b[0] ? [c, b[0]] : [b[0], Math.max(b[1], c)]);
      }
    });
    two.forEach(function (b, d) { like.set(d, b[0] + b[1]); });
    return like;
  }

  function escape(s) {
    return s.replace(/[&<>"']/g, function (c) {
      return {"&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;"}[c];
    });
  }

  // A window of the clause around its best-matching part, the matched characters marked.
  function snippet(d, a) {
    var text = d.t, low = norm(text), mark = new Array(text.length).fill(false);
    var words = Object.keys(a.weights).filter(function (t) { return t.length > 1; });
    a.terms.forEach(function (t) { words.push(t); });
    a.chars.forEach(function (ch) { words.push(ch); });  // the characters met for a word not found
    words.forEach(function (w) {
      for (var at = low.indexOf(w); at >= 0; at = low.indexOf(w, at + 1)) {
        for (var i = at; i < at + w.length && i < mark.length; i++) mark[i] = true;
      }
    });
    var width = 80, best = 0, from = 0, run = 0;
    for (var i = 0; i < text.length; i++) {
      if (mark[i]) run++;
      if (i >= width && mark[i - width]) run--;
      if (run > best) { best = run; from = Math.max(0, i - width + 1); }
    }
    from = Math.max(0, from - 10);
    var to = Math.min(text.length, from + width + 20), html = from ? "…" : "", open = false;
    for (var k = from; k < to; k++) {
      if (mark[k] && !open) { html += "<mark>"; open = true; }
      if (!mark[k] && open) { html += "</mark>"; open = false; }
      html += escape(text[k]);
    }
    if (open) html += "</mark>";
    return html + (to < text.length ? "…" : "");
  }

  return {P: P, prepare: prepare, search: search, analyse: analyse, snippet: snippet, norm: norm,
          tokens: tokens, score: score, escape: escape};
})();

if (typeof module !== "undefined") module.exports = PolicySearch;  // the tuning scripts' node

(function () {
  "use strict";
  if (typeof document === "undefined") return;
  var box = document.querySelector("[data-policy-search]");
  if (!box) return;
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var toggle = document.getElementById("__search");
  // the edition's root, relative to this page ("/" on the 404 page: no "//", another host)
  var base = (box.getAttribute("data-base") || ".").replace(/\/+$/, "");
  var S = PolicySearch, search = S.search, analyse = S.analyse, snippet = S.snippet;
  var norm = S.norm, escape = S.escape, loading = null;
  function load() {
    if (!loading) {
      loading = fetch(base + "/policy-search/index.json").then(function (r) { return r.json(); })
        .then(S.prepare);
    }
    return loading;
  }

  function render(q) {
    list.innerHTML = "";
    list.dataset.query = q;  // what the list shows results for (read by the tests)
    if (!norm(q).trim()) { meta.textContent = "键入以开始搜索"; return; }
    var results = search(q), a = analyse(q);
    meta.textContent = results.length ? "找到 " + results.length + " 条相关条款" : "没有找到相关的条款";
    results.forEach(function (r) {
      var d = r.d, li = document.createElement("li");
      li.className = "md-search-result__item";
      li.innerHTML = '<a href="' + escape(base + "/" + d.u) + '" class="md-search-result__link" ' +
        'data-clause="' + escape(d.id) + '"><article class="md-search-result__article ' +
        'md-typeset"><h1>第 ' + escape(d.n) + ' 条 <span class="policy-search__id">' +
        escape(d.id) + '</span></h1><p class="policy-search__where">' + escape(d.s) + " · " +
        escape(d.c) + "</p><p>" + snippet(d, a) + "</p></article></a>";
      list.appendChild(li);
    });
  }

  function open() { if (toggle && !toggle.checked) { toggle.checked = true; toggle.dispatchEvent(new Event("change")); } }
  function close() { if (toggle && toggle.checked) { toggle.checked = false; toggle.dispatchEvent(new Event("change")); } }

  var pending = 0;
  function update() {
    var q = input.value, ticket = ++pending;
    load().then(function () { if (ticket === pending) render(q); });
  }
  input.addEventListener("focus", function () { open(); load(); });
  input.addEventListener("input", update);
  input.addEventListener("keyup", update);  // typing with an input method ends in keyup
  input.addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") {
      ev.preventDefault();
      load().then(function () {
        var first = list.querySelector("a.md-search-result__link");
        var hit = search(input.value);
        if (hit.length) location.href = base + "/" + hit[0].d.u;
        else if (first) first.click();
      });
    } else if (ev.key === "Escape") {
      close(); input.blur();
    } else if (ev.key === "ArrowDown") {
      var link = list.querySelector("a"); if (link) { ev.preventDefault(); link.focus(); }
    }
  });
  box.querySelector("form").addEventListener("reset", function () { setTimeout(update, 0); });
  document.addEventListener("keydown", function (ev) {
    var t = ev.target && ev.target.tagName;
    if ((ev.key === "/" || ev.key === "s") && t !== "INPUT" && t !== "TEXTAREA") {
      ev.preventDefault(); input.focus();
    }
  });
  if (toggle) toggle.addEventListener("change", function () { if (toggle.checked) input.focus(); });

  // The clause a link or a search result lands on is marked: its heading and its paragraphs.
  function markTarget() {
    document.querySelectorAll(".clause-target").forEach(function (el) {
      el.classList.remove("clause-target");
    });
    var id = decodeURIComponent(location.hash.slice(1));
    var head = id && document.getElementById(id);
    if (!head || !head.classList.contains("clause-heading")) return;
    for (var el = head; el; el = el.nextElementSibling) {
      if (el !== head && /^H[1-6]$/.test(el.tagName)) break;
      el.classList.add("clause-target");
    }
  }
  window.addEventListener("hashchange", markTarget);
  markTarget();
})();
