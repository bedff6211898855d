/* Tutela screening: the browser encoder. It must give bit-identical results to
   tutela.screening.encoding (Python) on the shared test vectors; both read their rules from
   encoding-schema.json. The name and date of birth stay in inputs that have no name attribute,
   so the form never sends them: only the encoding is written into the form. */
(function () {
  "use strict";

  var KEY_LABEL = "tutela-screening/v1/";
  var MIN_KEY_BYTES = 16;
  var CENTURY_DIGITS = 2;
  var MARK = /\p{M}/u;
  var ASCII_SPACE = [9, 10, 11, 12, 13, 32];
  var encoder = new TextEncoder();

  function EncodingError(message) {
    this.name = "EncodingError";
    this.message = message;
  }
  EncodingError.prototype = Object.create(Error.prototype);

  function has(table, key) {
    return Object.prototype.hasOwnProperty.call(table, key);
  }

  function normalise(text, schema) {
    var table = schema.transliteration;
    var dropped = new Set(schema.dropped);
    // toLowerCase stands for Python's casefold: the letters where they differ (ß, ς) are in the
    // transliteration table, so both end in the same Latin letters.
    var folded = text.normalize("NFKC").toLowerCase().normalize("NFD");
    var out = "";
    for (var char of folded) {
      if (MARK.test(char) || dropped.has(char)) continue;
      var latin = has(table, char) ? table[char] : char;
      for (var letter of latin) out += letter >= "a" && letter <= "z" ? letter : " ";
    }
    return out.replace(/ +/g, " ").trim();
  }

  function skeleton(normalised, schema) {
    var rule = schema.skeleton;
    var folded = "";
    for (var char of normalised.replace(/ /g, "")) folded += has(rule.fold, char) ? rule.fold[char] : char;
    var out = "";
    for (var letter of folded) {
      if (rule.drop.indexOf(letter) >= 0) continue;
      if (out.length && out[out.length - 1] === letter) continue;
      out += letter;
    }
    return out;
  }

  function bigrams(text, schema) {
    if (!text) return [];
    var padded = schema.padding + text + schema.padding;
    var seen = [];
    for (var i = 0; i < padded.length - 1; i++) {
      var gram = padded.slice(i, i + 2);
      if (seen.indexOf(gram) < 0) seen.push(gram);
    }
    return seen;
  }

  function dateTokens(value) {
    value = value.trim();
    if (!value) return [];
    var found = /^([0-9]{4})-?([0-9]{2})-?([0-9]{2})$/.exec(value);
    if (!found) throw new EncodingError("date of birth '" + value + "' is not YYYY-MM-DD");
    var year = Number(found[1]), month = Number(found[2]), day = Number(found[3]);
    var leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
    var days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    if (year < 1 || month < 1 || month > 12 || day < 1 || day > days[month - 1]) {
      throw new EncodingError("date of birth '" + value + "' is not a real date");
    }
    var digits = found[1] + found[2] + found[3];
    var tokens = ["y" + found[1], "m" + found[2], "d" + found[3]];
    for (var i = CENTURY_DIGITS; i < digits.length; i++) tokens.push(i + ":" + digits[i]);
    return tokens;
  }

  function featureTokens(person, schema) {
    var names = { given: normalise(person.given, schema), family: normalise(person.family, schema) };
    if (!names.given && !names.family) throw new EncodingError("the name has no letters that can be encoded");
    return schema.features.map(function (feature) {
      var tokens = [];
      if (feature.kind === "date") {
        tokens = dateTokens(person.date_of_birth || "");
      } else {
        var sources = feature.source === "names" ? ["given", "family"] : [feature.source];
        sources.forEach(function (source) {
          var text = feature.kind === "skeleton" ? skeleton(names[source], schema) : names[source];
          bigrams(text, schema).forEach(function (token) {
            if (tokens.indexOf(token) < 0) tokens.push(token);
          });
        });
      }
      return { name: feature.name, k: feature.k, tokens: tokens };
    });
  }

  function checkSecret(secret) {
    var start = 0, end = secret.length;
    while (start < end && ASCII_SPACE.indexOf(secret[start]) >= 0) start++;
    while (end > start && ASCII_SPACE.indexOf(secret[end - 1]) >= 0) end--;
    var trimmed = secret.slice(start, end);
    if (trimmed.length < MIN_KEY_BYTES) throw new EncodingError("the key must be at least " + MIN_KEY_BYTES + " bytes long");
    return trimmed;
  }

  async function hmac(keyBytes, messageBytes) {
    var key = await crypto.subtle.importKey("raw", keyBytes, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
    return new Uint8Array(await crypto.subtle.sign("HMAC", key, messageBytes));
  }

  function uint32(bytes, offset) {
    return ((bytes[offset] << 24) >>> 0) + (bytes[offset + 1] << 16) + (bytes[offset + 2] << 8) + bytes[offset + 3];
  }

  async function encodeBits(person, secretBytes, schema) {
    var secret = checkSecret(new Uint8Array(secretBytes));
    var size = schema.bits;
    var filled = new Uint8Array(size / 8);
    var features = featureTokens(person, schema);
    for (var feature of features) {
      var featureKey = await hmac(secret, encoder.encode(KEY_LABEL + feature.name));
      var key = await crypto.subtle.importKey("raw", featureKey, { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
      for (var token of feature.tokens) {
        var digest = new Uint8Array(await crypto.subtle.sign("HMAC", key, encoder.encode(token)));
        var start = uint32(digest, 0) % size;
        var step = (uint32(digest, 4) % size) | 1;
        for (var i = 0; i < feature.k; i++) {
          var position = (start + i * step) % size;
          filled[position >> 3] |= 0x80 >> (position & 7);
        }
      }
    }
    return filled;
  }

  async function encode(person, secretBytes, schema) {
    var bits = await encodeBits(person, secretBytes, schema);
    var text = "";
    for (var i = 0; i < bits.length; i++) text += String.fromCharCode(bits[i]);
    return btoa(text);
  }

  var schemaPromise = null;
  function loadSchema(url) {
    if (!schemaPromise) {
      schemaPromise = fetch(url, { credentials: "same-origin" }).then(function (response) {
        if (!response.ok) throw new EncodingError("the encoding rules could not be loaded");
        return response.json();
      });
    }
    return schemaPromise;
  }

  function wire() {
    var box = document.getElementById("screening-encoder");
    if (!box) return;
    var button = document.getElementById("screening-encode");
    var status = document.getElementById("screening-status");
    var target = document.querySelector("textarea.screening-encoding");
    button.addEventListener("click", async function () {
      status.textContent = "";
      try {
        var keyInput = document.getElementById("screening-key");
        if (!keyInput.files || !keyInput.files.length) throw new EncodingError("choose the key file");
        var schema = await loadSchema(box.dataset.schema);
        var secret = await keyInput.files[0].arrayBuffer();
        var person = {
          given: document.getElementById("screening-given").value,
          family: document.getElementById("screening-family").value,
          date_of_birth: document.getElementById("screening-dob").value,
        };
        target.value = await encode(person, secret, schema);
        ["screening-given", "screening-family", "screening-dob"].forEach(function (id) {
          document.getElementById(id).value = "";
        });
        status.textContent = box.dataset.done || "Encoded. The name and date of birth were cleared.";
      } catch (error) {
        status.textContent = error.message || String(error);
      }
    });
  }

  window.TutelaScreening = {
    normalise: normalise,
    skeleton: skeleton,
    encode: encode,
    loadSchema: loadSchema,
    EncodingError: EncodingError,
  };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire);
  else wire();
})();
