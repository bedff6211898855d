/* The XLSForm expression subset of tutela/surveys/expressions.py, for the browser.
   Keep the two in step: same tokens, same precedence, same functions, same XPath-like values. */
(function () {
  "use strict";
  var TOKEN = /^\s*(?:(\$\{[A-Za-z_][\w.\-]*\})|(\d+(?:\.\d+)?|\.\d+)|('[^']*'|"[^"]*")|(<=|>=|!=|=|<|>|\+|-|\*|\(|\)|,)|([A-Za-z_][\w\-]*(?::[A-Za-z_][\w\-]*)?)|(\.))/;
  var KINDS = ["ref", "number", "string", "op", "name", "dot"];
  var FUNCTIONS = ["selected", "count-selected", "string-length", "regex", "if", "not", "true",
    "false", "today", "number", "int", "round", "concat", "coalesce", "contains", "starts-with"];
  var LEVELS = [["or"], ["and"], ["=", "!="], ["<", "<=", ">", ">="], ["+", "-"], ["*", "div", "mod"]];
  var ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

  function tokenize(source) {
    var tokens = [], rest = source.replace(/\s+$/, "");
    while (rest.length) {
      var match = TOKEN.exec(rest);
      if (!match || !match[0].length) { throw new Error("cannot read " + rest); }
      for (var i = 1; i <= 6; i++) {
        if (match[i] !== undefined) { tokens.push({ kind: KINDS[i - 1], text: match[i] }); break; }
      }
      rest = rest.slice(match[0].length);
    }
    return tokens;
  }

  function parse(source) {
    var tokens = tokenize(source), index = 0;
    function peek() { return tokens[index]; }
    function take() { if (index >= tokens.length) { throw new Error("ends too early"); } return tokens[index++]; }
    function binary(level) {
      if (level === LEVELS.length) { return unary(); }
      var node = binary(level + 1);
      for (;;) {
        var token = peek();
        if (!token || (token.kind !== "op" && token.kind !== "name") || LEVELS[level].indexOf(token.text) < 0) { return node; }
        take();
        node = ["op", token.text, node, binary(level + 1)];
      }
    }
    function unary() {
      var token = peek();
      if (token && token.kind === "op" && token.text === "-") { take(); return ["neg", unary()]; }
      return primary();
    }
    function primary() {
      var token = take();
      if (token.kind === "number") { return ["num", parseFloat(token.text)]; }
      if (token.kind === "string") { return ["str", token.text.slice(1, -1)]; }
      if (token.kind === "ref") { return ["ref", token.text.slice(2, -1)]; }
      if (token.kind === "dot") { return ["dot"]; }
      if (token.kind === "op" && token.text === "(") {
        var inner = binary(0);
        if (take().text !== ")") { throw new Error("expected )"); }
        return inner;
      }
      if (token.kind === "name" && FUNCTIONS.indexOf(token.text) >= 0 && peek() && peek().text === "(") {
        take();
        var args = [];
        if (peek() && peek().text === ")") { take(); return ["call", token.text, args]; }
        for (;;) {
          args.push(binary(0));
          var separator = take();
          if (separator.text === ")") { return ["call", token.text, args]; }
          if (separator.text !== ",") { throw new Error("expected , or )"); }
        }
      }
      throw new Error("unsupported " + token.text);
    }
    var tree = binary(0);
    if (index < tokens.length) { throw new Error("unexpected " + tokens[index].text); }
    return tree;
  }

  function asText(value) {
    if (value === null || value === undefined) { return ""; }
    if (typeof value === "boolean") { return value ? "true" : "false"; }
    if (typeof value === "number") { return isNaN(value) ? "" : String(value); }
    if (Array.isArray(value)) { return value.map(asText).join(" "); }
    return String(value);
  }
  function asNumber(value) {
    if (typeof value === "boolean") { return value ? 1 : 0; }
    if (typeof value === "number") { return value; }
    var text = asText(value).trim();
    if (text === "" || !/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) { return NaN; }
    return parseFloat(text);
  }
  function asBoolean(value) {
    if (typeof value === "boolean") { return value; }
    if (typeof value === "number") { return !isNaN(value) && value !== 0; }
    return asText(value) !== "";
  }
  function compare(operator, left, right) {
    if (operator === "=" || operator === "!=") {
      var equal;
      if (typeof left === "boolean" || typeof right === "boolean") { equal = asBoolean(left) === asBoolean(right); }
      else if (typeof left === "number" || typeof right === "number") { equal = asNumber(left) === asNumber(right); }
      else { equal = asText(left) === asText(right); }
      return operator === "=" ? equal : !equal;
    }
    var a, b, lt = asText(left), rt = asText(right);
    if (ISO_DATE.test(lt) && ISO_DATE.test(rt)) { a = lt; b = rt; }
    else { a = asNumber(left); b = asNumber(right); if (isNaN(a) || isNaN(b)) { return false; } }
    if (operator === "<") { return a < b; }
    if (operator === "<=") { return a <= b; }
    if (operator === ">") { return a > b; }
    return a >= b;
  }
  function arithmetic(operator, left, right) {
    var a = asNumber(left), b = asNumber(right);
    if (operator === "+") { return a + b; }
    if (operator === "-") { return a - b; }
    if (operator === "*") { return a * b; }
    if (b === 0 || isNaN(b)) { return NaN; }
    if (operator === "div") { return a / b; }
    return a % b;
  }
  function today() {
    var now = new Date();
    function pad(n) { return (n < 10 ? "0" : "") + n; }
    return now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
  }
  function call(name, args) {
    switch (name) {
      case "selected": return asText(args[0]).split(/\s+/).indexOf(asText(args[1])) >= 0;
      case "count-selected": return asText(args[0]).split(/\s+/).filter(Boolean).length;
      case "string-length": return asText(args[0]).length;
      case "regex": try { return new RegExp(asText(args[1])).test(asText(args[0])); } catch (e) { return true; }
      case "if": return asBoolean(args[0]) ? args[1] : args[2];
      case "not": return !asBoolean(args[0]);
      case "true": return true;
      case "false": return false;
      case "today": return today();
      case "number": return asNumber(args[0]);
      case "int": var n = asNumber(args[0]); return isNaN(n) ? n : Math.trunc(n);
      case "round":
        var x = asNumber(args[0]), digits = args.length > 1 ? asNumber(args[1]) : 0, scale = Math.pow(10, digits);
        return isNaN(x) ? x : Math.floor(x * scale + 0.5) / scale;
      case "concat": return args.map(asText).join("");
      case "coalesce": return asText(args[0]) !== "" ? args[0] : args[1];
      case "contains": return asText(args[0]).indexOf(asText(args[1])) >= 0;
      default: return asText(args[0]).indexOf(asText(args[1])) === 0;
    }
  }
  var cache = {};
  function evaluate(source, lookup, current) {
    var tree = cache[source] || (cache[source] = parse(source));
    function run(node) {
      switch (node[0]) {
        case "num": case "str": return node[1];
        case "ref": var value = lookup(node[1]); return value === undefined || value === null ? "" : value;
        case "dot": return current === undefined || current === null ? "" : current;
        case "neg": return -asNumber(run(node[1]));
        case "op":
          if (node[1] === "or") { return asBoolean(run(node[2])) || asBoolean(run(node[3])); }
          if (node[1] === "and") { return asBoolean(run(node[2])) && asBoolean(run(node[3])); }
          var left = run(node[2]), right = run(node[3]);
          if (["=", "!=", "<", "<=", ">", ">="].indexOf(node[1]) >= 0) { return compare(node[1], left, right); }
          return arithmetic(node[1], left, right);
        default: return call(node[1], node[2].map(run));
      }
    }
    return run(tree);
  }
  function isTrue(source, lookup, current) { return asBoolean(evaluate(source, lookup, current)); }
  window.TutelaExpressions = { parse: parse, evaluate: evaluate, isTrue: isTrue, asText: asText };
})();
