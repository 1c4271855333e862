// incamera: the browser side of a Belenios secret ballot (issue 14).
// Follows the Belenios specification, version 2.0 (protocol version 1), for the group
// BELENIOS-2048 and homomorphic questions only: credentials (§4.8), ElGamal encryption and the
// proofs of a ballot (§4.11.1, §4.12, §4.13), its signature (§4.14) and serialization (§4.15),
// trustee keys (§4.5) and partial decryptions (§4.18).  Output is byte-for-byte in the layout
// belenios-tool 2.0 writes: compact JSON, fields in the specification's order, numbers as
// base-10 strings.
// Arithmetic is native BigInt; hashing and PBKDF2 are WebCrypto's, so pages using this need a
// secure context.  No dependencies and no inline script: load it with <script src>.
"use strict";

(function () {
  const GROUP = "BELENIOS-2048";
  // §5.1.
  const P = BigInt(
    "2069478569142254640101364365750500806492298929575110409710088478705737421924271740192223725449768433" +
    "8129066633138078958404960054389636289796393038773905722803605973749427671376777618898589872735865049" +
    "0811670993105358677809800307904916540637771737641986785272734744763418356000356983051931442845617019" +
    "1100078673730733356412397173289791324047457883446826065232797464795113767265869358218004631792207366" +
    "8860052627186363386088796882120769432366149491002923444346373222145884100586421050242120365433561201" +
    "3204811188524087310770141516662001623131771693721892480785077118278423174980732765988288251691831031" +
    "25680162072880719",
  );
  const G = BigInt(
    "2402352677501852209227687703532399932712287657378364916510075318787663274146353219320285676155269678" +
    "7996946682987493890950838965734256019006010684771644917354741372831046104586813145117816467554005274" +
    "0288984613986453266121505579709716201616827031288643245666383486363578210615491841998253431518974065" +
    "8186868651151358576410138882215396016043228843603930989333662772848406593138406010231675095763777982" +
    "6651036068224066350766977640253462537730851331734951942489677540525736590494924776314759915751987751" +
    "7771148149092045660020547812705472823814097251863985833411570056835369555342378147558249189605029668" +
    "0037745308460627",
  );
  const Q = BigInt("78571733251071885079927659812671450121821421258408794611510081919805623223441");
  const Q_BITS = Q.toString(2).length; // 256
  const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

  // ---- Arithmetic -----------------------------------------------------------------------------

  const modQ = (a) => {
    const r = a % Q;
    return r < 0n ? r + Q : r;
  };

  // Left-to-right sliding-window exponentiation modulo P, for bases met once or twice (the
  // alphas of a tally, membership checks).
  const modPow = (base, exponent) => {
    if (exponent === 0n) return 1n;
    const bits = exponent.toString(2);
    const w = bits.length > 512 ? 6 : bits.length > 128 ? 5 : bits.length > 24 ? 3 : 1;
    const b = base % P;
    const odd = [b]; // odd[i] = b^(2i+1)
    if (w > 1) {
      const square = (b * b) % P;
      for (let i = 1; i < 1 << (w - 1); i++) odd.push((odd[i - 1] * square) % P);
    }
    let acc = 1n;
    let started = false;
    let i = 0;
    while (i < bits.length) {
      if (bits[i] === "0") {
        if (started) acc = (acc * acc) % P;
        i++;
        continue;
      }
      // The longest window of at most w bits starting here that ends in a 1.
      let j = Math.min(i + w, bits.length);
      while (bits[j - 1] === "0") j--;
      const value = parseInt(bits.slice(i, j), 2);
      if (started) {
        for (let k = i; k < j; k++) acc = (acc * acc) % P;
        acc = (acc * odd[value >> 1]) % P;
      } else {
        acc = odd[value >> 1];
        started = true;
      }
      i = j;
    }
    return acc;
  };

  // Fixed-base exponentiation for g and the election key y, which a ballot raises to some two
  // hundred exponents: row i of the table holds base^(d·2^(W·i)) for every digit d, so base^e is
  // one multiplication per nonzero W-bit digit of e (43 for a 256-bit e) instead of ~300.
  const W = 6;
  const DIGITS = Math.ceil(Q_BITS / W);
  const DIGIT_MASK = BigInt((1 << W) - 1);
  const DIGIT_SHIFT = BigInt(W);
  class FixedBase {
    constructor(base) {
      this.rows = [];
      let power = base % P; // base^(2^(W·i))
      for (let i = 0; i < DIGITS; i++) {
        const row = [1n, power];
        for (let d = 2; d < 1 << W; d++) row.push((row[d - 1] * power) % P);
        this.rows.push(row);
        power = (row[(1 << W) - 1] * power) % P;
      }
    }

    // Exponents are reduced modulo q, the order of every base used here.
    pow(exponent) {
      let e = modQ(exponent);
      let acc = 1n;
      for (let i = 0; e > 0n; i++, e >>= DIGIT_SHIFT) {
        const digit = Number(e & DIGIT_MASK);
        if (digit !== 0) acc = acc === 1n ? this.rows[i][digit] : (acc * this.rows[i][digit]) % P;
      }
      return acc;
    }
  }

  let gTable = null;
  const gPow = (e) => {
    if (gTable === null) gTable = new FixedBase(G);
    return gTable.pow(e);
  };
  // A voter's page uses one election key; a few are kept so a bench or a test can switch.
  const keyTables = new Map();
  const tableFor = (y) => {
    const key = y.toString();
    let table = keyTables.get(key);
    if (!table) {
      if (keyTables.size >= 4) keyTables.delete(keyTables.keys().next().value);
      table = new FixedBase(y);
      keyTables.set(key, table);
    }
    return table;
  };

  // ---- Randomness and hashing ------------------------------------------------------------------

  const bytesToBigInt = (bytes) => {
    let hex = "0x0";
    for (const b of bytes) hex += b.toString(16).padStart(2, "0");
    return BigInt(hex);
  };

  // Uniform in Z_q: 256 random bits, drawn again while they are q or more (about one draw in three).
  const randomZq = () => {
    const bytes = new Uint8Array(Math.ceil(Q_BITS / 8));
    const excess = BigInt(bytes.length * 8 - Q_BITS);
    for (;;) {
      crypto.getRandomValues(bytes);
      const n = bytesToBigInt(bytes) >> excess;
      if (n < Q) return n;
    }
  };

  const utf8 = new TextEncoder();
  const sha256 = async (text) => new Uint8Array(await crypto.subtle.digest("SHA-256", utf8.encode(text)));
  // The hashes of every proof: SHA-256 read as a 256-bit big-endian number, reduced modulo q.
  const hashZq = async (text) => modQ(bytesToBigInt(await sha256(text)));
  // H_JSON of §4.15: Base64 of SHA-256, without padding.
  const hashJson = async (text) => {
    let binary = "";
    for (const b of await sha256(text)) binary += String.fromCharCode(b);
    return btoa(binary).replace(/=+$/, "");
  };

  // ---- Parsing ---------------------------------------------------------------------------------

  const DECIMAL = /^(0|[1-9][0-9]*)$/;
  const parseNumber = (value, what) => {
    if (typeof value !== "string" || !DECIMAL.test(value)) {
      throw new Error(`${what}: expected a number written in base 10 as a JSON string, got ${JSON.stringify(value)?.slice(0, 40)}`);
    }
    return BigInt(value);
  };
  // An element of the group: 1 < x < p and x^q = 1, so that no one learns a secret exponent
  // modulo the small factors of (p - 1)/q.
  const parseElement = (value, what) => {
    const x = parseNumber(value, what);
    if (x <= 1n || x >= P || modPow(x, Q) !== 1n) throw new Error(`${what}: not an element of the group ${GROUP}`);
    return x;
  };

  const parseElection = (electionJson) => {
    if (typeof electionJson !== "string") throw new Error("election: expected the election's JSON text (a string)");
    let election;
    try {
      election = JSON.parse(electionJson);
    } catch (err) {
      throw new Error(`election: not JSON (${err.message})`);
    }
    if (election === null || typeof election !== "object") throw new Error("election: expected a JSON object");
    if (election.version !== 1) throw new Error(`election: expected protocol version 1, got ${JSON.stringify(election.version)}`);
    if (election.group !== GROUP) throw new Error(`election: expected the group ${GROUP}, got ${JSON.stringify(election.group)}`);
    if (typeof election.uuid !== "string" || !/^[1-9A-HJ-NP-Za-km-z]{14,}$/.test(election.uuid)) {
      throw new Error("election: the uuid must be at least 14 Base58 characters");
    }
    const y = parseElement(election.public_key, "election public_key");
    if (!Array.isArray(election.questions) || election.questions.length === 0) throw new Error("election: expected a non-empty list of questions");
    const questions = election.questions.map((question, index) => {
      const n = index + 1;
      if (question === null || typeof question !== "object") throw new Error(`question ${n}: expected an object`);
      if ("type" in question) {
        throw new Error(`question ${n}: only homomorphic questions are supported, this one has type ${JSON.stringify(question.type)}`);
      }
      const { answers, min, max } = question;
      if (!Array.isArray(answers) || answers.length === 0) throw new Error(`question ${n}: expected a non-empty list of answers`);
      if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || min > max || max > answers.length) {
        throw new Error(`question ${n}: expected 0 ≤ min ≤ max ≤ ${answers.length} (the number of answers), got min ${min} and max ${max}`);
      }
      if ("blank" in question && typeof question.blank !== "boolean") throw new Error(`question ${n}: blank must be true or false`);
      return { size: answers.length, min, max, blank: question.blank === true };
    });
    return { uuid: election.uuid, y, questions };
  };

  // ---- Credentials (§4.8) ----------------------------------------------------------------------

  // Returns the credential in its XXX-XXX-XXX-XXX-XXX form, the one belenios-tool writes and
  // hashes; the 15-character form is accepted as a typing convenience.
  const normalizeCredential = (privateCredential) => {
    if (typeof privateCredential !== "string") throw new Error("credential: expected a string");
    const text = privateCredential.trim();
    const raw = text.replaceAll("-", "");
    const length = [...raw].length;
    if (length !== 15) {
      throw new Error(`credential: expected 15 characters, as XXX-XXX-XXX-XXX-XXX or without the dashes; got ${length} characters`);
    }
    if (raw !== text && !/^.{3}-.{3}-.{3}-.{3}-.{3}$/.test(text)) {
      throw new Error("credential: the dashes must split the 15 characters into groups of three, as XXX-XXX-XXX-XXX-XXX");
    }
    let number = 0n;
    for (let i = 0; i < 15; i++) {
      const digit = BASE58.indexOf(raw[i]);
      if (digit < 0) {
        throw new Error(`credential: character ${i + 1} is not one of the 58 allowed (digits 1–9 and letters except I, O and l)`);
      }
      if (i < 14) number = number * 58n + BigInt(digit);
      // 53 - (n mod 53), from 1 to 53, as belenios-tool computes it: never "1", "v" when 53 divides n.
      else if (BigInt(digit) !== 53n - (number % 53n)) {
        throw new Error("credential: the checksum (the last character) does not match the other 14; check for a typing error");
      }
    }
    return raw.match(/.{3}/g).join("-");
  };

  const secretFromCredential = async (privateCredential, uuid) => {
    const password = normalizeCredential(privateCredential);
    if (typeof uuid !== "string" || uuid === "") throw new Error("credential: expected the election's uuid (a string)");
    const key = await crypto.subtle.importKey("raw", utf8.encode(password), "PBKDF2", false, ["deriveBits"]);
    const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt: utf8.encode(uuid), iterations: 1000 }, key, 256);
    return modQ(bytesToBigInt(new Uint8Array(bits)));
  };

  const publicCredential = async (privateCredential, uuid) => gPow(await secretFromCredential(privateCredential, uuid)).toString();

  // ---- Proofs ----------------------------------------------------------------------------------

  // The disjunctive proofs of §4.12 and §4.13, written once.  Each branch j claims that a
  // ciphertext (alpha, beta) = (g^r, y^r g^m) has the form (g^r, y^r g^Mj); it is given as
  // { r, delta: m - Mj }.  Exactly one branch is true (delta 0); the others are simulated.
  // The prover knows every r, so a simulated commitment g^z alpha^c, y^z (beta/g^Mj)^c is
  // computed as g^(z + r c), y^(z + r c) g^(delta c): the same numbers from the two fixed-base
  // tables, without a single variable-base exponentiation.
  const proveOr = async (yTable, branches, truth, hashPrefix) => {
    const proofs = [];
    const commitments = [];
    let w = 0n;
    let others = 0n;
    branches.forEach(({ r, delta }, j) => {
      if (j === truth) {
        w = randomZq();
        proofs.push(null);
        commitments.push(gPow(w), yTable.pow(w));
        return;
      }
      const challenge = randomZq();
      const response = randomZq();
      const e = response + r * challenge;
      const b = yTable.pow(e);
      commitments.push(gPow(e), delta === 0n ? b : (b * gPow(delta * challenge)) % P);
      proofs.push({ challenge, response });
      others += challenge;
    });
    const challenge = modQ((await hashZq(hashPrefix + commitments.join(","))) - others);
    proofs[truth] = { challenge, response: modQ(w - branches[truth].r * challenge) };
    return proofs.map((p) => ({ challenge: p.challenge.toString(), response: p.response.toString() }));
  };

  const range = (min, max) => Array.from({ length: max - min + 1 }, (_, i) => min + i);

  // ---- Ballots (§4.11.1, §4.14, §4.15) ---------------------------------------------------------

  const checkChoices = (questions, choices) => {
    if (!Array.isArray(choices) || choices.length !== questions.length) {
      const got = Array.isArray(choices) ? `${choices.length}` : typeof choices;
      throw new Error(`choices: expected one list per question (${questions.length}), got ${got}`);
    }
    return questions.map((question, index) => {
      const n = index + 1;
      const list = choices[index];
      if (!Array.isArray(list) || list.length !== question.size) {
        const got = Array.isArray(list) ? `${list.length}` : typeof list;
        throw new Error(`question ${n}: expected one 0 or 1 per answer (${question.size}), got ${got}`);
      }
      list.forEach((value, i) => {
        if (value !== 0 && value !== 1) throw new Error(`question ${n}, answer ${i + 1}: expected 0 or 1, got ${JSON.stringify(value)}`);
      });
      const chosen = list.reduce((a, b) => a + b, 0);
      if (question.blank && chosen === 0) return [1, ...list];
      if (chosen < question.min || chosen > question.max) {
        const span = question.min === question.max ? `exactly ${question.min}` : `between ${question.min} and ${question.max}`;
        const blank = question.blank ? " (or none, for a blank vote)" : "";
        throw new Error(`question ${n}: choose ${span} answers${blank}; ${chosen} chosen`);
      }
      return question.blank ? [0, ...list] : list;
    });
  };

  const encryptAnswer = async (yTable, question, plain, s0) => {
    const rs = plain.map(() => randomZq());
    const choices = plain.map((m, i) => {
      const b = yTable.pow(rs[i]);
      return { alpha: gPow(rs[i]), beta: m === 1 ? (b * G) % P : b };
    });
    const individual = [];
    for (let i = 0; i < plain.length; i++) {
      const m = BigInt(plain[i]);
      const prefix = `prove|${s0}|${choices[i].alpha},${choices[i].beta}|`;
      individual.push(await proveOr(yTable, [{ r: rs[i], delta: m }, { r: rs[i], delta: m - 1n }], plain[i], prefix));
    }
    const s = `${s0}|${choices.map((c) => `${c.alpha},${c.beta}`).join(",")}`;
    // The sums over the non-blank choices: (alpha_Σ, beta_Σ) encrypts m_Σ under r_Σ.
    const first = question.blank ? 1 : 0;
    let alphaSum = 1n;
    let betaSum = 1n;
    let rSum = 0n;
    let mSum = 0;
    for (let i = first; i < plain.length; i++) {
      alphaSum = (alphaSum * choices[i].alpha) % P;
      betaSum = (betaSum * choices[i].beta) % P;
      rSum += rs[i];
      mSum += plain[i];
    }
    const bounds = range(question.min, question.max);
    const answer = {
      choices: choices.map((c) => ({ alpha: c.alpha.toString(), beta: c.beta.toString() })),
      individual_proofs: individual,
    };
    if (!question.blank) {
      const branches = bounds.map((M) => ({ r: rSum, delta: BigInt(mSum - M) }));
      answer.overall_proof = await proveOr(yTable, branches, mSum - question.min, `prove|${s}|${alphaSum},${betaSum}|`);
      return answer;
    }
    const m0 = plain[0];
    const r0 = rs[0];
    const overall = [{ r: r0, delta: BigInt(m0 - 1) }, ...bounds.map((M) => ({ r: rSum, delta: BigInt(mSum - M) }))];
    answer.overall_proof = await proveOr(yTable, overall, m0 === 1 ? 0 : 1 + mSum - question.min, `bproof1|${s}|`);
    const blank = [{ r: r0, delta: BigInt(m0) }, { r: rSum, delta: BigInt(mSum) }];
    answer.blank_proof = await proveOr(yTable, blank, m0 === 1 ? 1 : 0, `bproof0|${s}|`);
    return answer;
  };

  const makeBallot = async (electionJson, privateCredential, choices, options = {}) => {
    const election = parseElection(electionJson);
    const plains = checkChoices(election.questions, choices);
    // A weight is the credential authority's business (the public credential list, §4.8): it is
    // not part of the ballot, so it is only checked here.
    const weight = options.weight ?? 1;
    if (!Number.isSafeInteger(weight) || weight < 1) throw new Error(`weight: expected a positive integer, got ${JSON.stringify(weight)}`);
    const secret = await secretFromCredential(privateCredential, election.uuid);
    const credential = gPow(secret).toString();
    const fingerprint = await hashJson(electionJson);
    const yTable = tableFor(election.y);
    const s0 = `${fingerprint}|${credential}`;
    const answers = [];
    for (let i = 0; i < plains.length; i++) answers.push(await encryptAnswer(yTable, election.questions[i], plains[i], s0));
    const unsigned = { election_uuid: election.uuid, election_hash: fingerprint, credential, answers };
    const hash = await hashJson(JSON.stringify(unsigned));
    const w = randomZq();
    const challenge = await hashZq(`sig|${hash}|${gPow(w)}`);
    const response = modQ(w - secret * challenge);
    const ballot = JSON.stringify({ ...unsigned, signature: { hash, proof: { challenge: challenge.toString(), response: response.toString() } } });
    return { ballot, tracker: await hashJson(ballot) };
  };

  // ---- Trustees (§4.5, §4.18) ------------------------------------------------------------------

  const trusteeKeygen = async () => {
    let x = 0n;
    while (x === 0n) x = randomZq();
    const publicKey = gPow(x);
    const w = randomZq();
    // G in H_pok is the group's name, as belenios-tool hashes it.
    const challenge = await hashZq(`pok|${GROUP}|${publicKey}|${gPow(w)}`);
    const response = modQ(w - x * challenge);
    const trusteePublicKey = { pok: { challenge: challenge.toString(), response: response.toString() }, public_key: publicKey.toString() };
    return { privateKey: x.toString(), publicKey: JSON.stringify(trusteePublicKey) };
  };

  // The private key as trusteeKeygen returns it, or as belenios-tool stores it (a JSON string).
  const parsePrivateKey = (privateKey) => {
    const text = typeof privateKey === "string" ? privateKey.trim().replace(/^"(.*)"$/s, "$1") : privateKey;
    const x = parseNumber(text, "private key");
    if (x === 0n || x >= Q) throw new Error("private key: expected a number between 1 and q - 1");
    return x;
  };

  const partialDecryption = async (electionJson, encryptedTallyJson, privateKey) => {
    const election = parseElection(electionJson);
    const x = parsePrivateKey(privateKey);
    let tally;
    try {
      tally = JSON.parse(encryptedTallyJson);
    } catch (err) {
      throw new Error(`encrypted tally: not JSON (${err.message})`);
    }
    if (!Array.isArray(tally) || tally.length !== election.questions.length) {
      throw new Error(`encrypted tally: expected one list of ciphertexts per question (${election.questions.length})`);
    }
    const fingerprint = await hashJson(electionJson);
    const publicKey = gPow(x);
    const factors = [];
    const proofs = [];
    for (let i = 0; i < tally.length; i++) {
      const question = election.questions[i];
      const expected = question.size + (question.blank ? 1 : 0);
      if (!Array.isArray(tally[i]) || tally[i].length !== expected) {
        throw new Error(`encrypted tally, question ${i + 1}: expected ${expected} ciphertexts`);
      }
      const rowFactors = [];
      const rowProofs = [];
      for (let j = 0; j < tally[i].length; j++) {
        const alpha = parseElement(tally[i][j]?.alpha, `encrypted tally, question ${i + 1}, ciphertext ${j + 1}, alpha`);
        const w = randomZq();
        const challenge = await hashZq(`decrypt|${fingerprint}|${publicKey}|${gPow(w)},${modPow(alpha, w)}`);
        rowFactors.push(modPow(alpha, x).toString());
        rowProofs.push({ challenge: challenge.toString(), response: modQ(w - x * challenge).toString() });
      }
      factors.push(rowFactors);
      proofs.push(rowProofs);
    }
    return JSON.stringify({ decryption_factors: factors, decryption_proofs: proofs });
  };

  window.InCameraBelenios = Object.freeze({
    group: GROUP,
    secretFromCredential,
    publicCredential,
    makeBallot,
    trusteeKeygen,
    partialDecryption,
    // For benchmarks: the raw primitive a ballot is made of.
    modPow: (base, exponent) => modPow(BigInt(base), BigInt(exponent)),
  });
})();
