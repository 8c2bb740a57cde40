// The video interview's page: device check, unlimited local practice, and the one take,
// recorded with MediaRecorder and sent in parts while recording. Each part is kept in
// IndexedDB until the server acknowledges it with its SHA-256, so a lost connection or a
// closed tab loses nothing already recorded. The server's clock and ledger decide; the
// timers here only guide the candidate.
(() => {
  "use strict";
  const configNode = document.getElementById("video-config");
  if (!configNode) return;
  const config = JSON.parse(configNode.textContent);
  const W = config.words;
  const $ = (id) => document.getElementById(id);
  const fmt = (text, values) => text.replace(/%\((\w+)\)s/g, (_, key) => values[key]);
  const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  let stream = null;
  let mimeType = "";
  let meterTimer = null;

  function showError(text) {
    const box = $("video-errors");
    box.hidden = false;
    box.textContent = `${W.error} ${text}`;
  }

  function clearError() {
    $("video-errors").hidden = true;
  }

  function setCheck(id, ok, text) {
    const item = $(id);
    item.dataset.state = ok ? "ok" : "fail";
    item.textContent = `${ok ? "✔" : "✖"} ${text}`;
  }

  function pickMimeType() {
    if (!window.MediaRecorder || !MediaRecorder.isTypeSupported) return "";
    const types = ["video/webm;codecs=vp8,opus", "video/webm", "video/mp4;codecs=avc1,mp4a", "video/mp4"];
    return types.find((type) => MediaRecorder.isTypeSupported(type)) || "";
  }

  // --- 1. device check -----------------------------------------------------------------

  function listenToMicrophone(media) {
    // Resolves true as soon as a sound is heard (3 seconds at most); the meter keeps moving.
    return new Promise((resolve) => {
      const AudioContextClass = window.AudioContext || window.webkitAudioContext;
      if (!AudioContextClass) return resolve(true);
      const context = new AudioContextClass();
      const analyser = context.createAnalyser();
      analyser.fftSize = 512;
      context.createMediaStreamSource(media).connect(analyser);
      const samples = new Uint8Array(analyser.fftSize);
      let heard = false;
      const started = performance.now();
      clearInterval(meterTimer);
      meterTimer = setInterval(() => {
        analyser.getByteTimeDomainData(samples);
        let peak = 0;
        for (const sample of samples) peak = Math.max(peak, Math.abs(sample - 128));
        const level = Math.min(100, Math.round((peak / 128) * 200));
        $("mic-level").value = level;
        $("mic-level").textContent = String(level);
        if (level > 4 && !heard) {
          heard = true;
          resolve(true);
        }
        if (!heard && performance.now() - started > 3000) {
          heard = true;
          resolve(false);
        }
      }, 100);
    });
  }

  async function measureUpload() {
    const size = 256 * 1024;
    const body = new Uint8Array(size);
    const started = performance.now();
    const response = await fetch(config.speed, {
      method: "POST",
      headers: { "X-CSRFToken": config.csrf, "Content-Type": "application/octet-stream" },
      body,
      credentials: "same-origin",
    });
    if (!response.ok) throw new Error(String(response.status));
    const seconds = Math.max((performance.now() - started) / 1000, 0.001);
    return (size * 8) / 1e6 / seconds;
  }

  async function deviceCheck() {
    clearError();
    let usable = true;
    mimeType = pickMimeType();
    setCheck("check-recorder", Boolean(mimeType), mimeType ? W.recorderOk : W.recorderNo);
    if (!mimeType) usable = false;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      setCheck("check-camera", false, W.recorderNo);
      return false;
    }
    try {
      stream = await navigator.mediaDevices.getUserMedia({
        video: { width: { ideal: 640 }, height: { ideal: 480 }, facingMode: "user" },
        audio: { echoCancellation: true, noiseSuppression: true },
      });
    } catch (error) {
      const name = error && error.name;
      if (name === "NotAllowedError" || name === "SecurityError") setCheck("check-camera", false, W.cameraDenied);
      else if (name === "NotReadableError" || name === "AbortError") setCheck("check-camera", false, W.cameraBusy);
      else setCheck("check-camera", false, W.cameraNone);
      return false;
    }
    $("preview").srcObject = stream;
    const hasVideo = stream.getVideoTracks().length > 0;
    setCheck("check-camera", hasVideo, hasVideo ? W.cameraOk : W.cameraNone);
    if (!hasVideo) usable = false;
    if (!stream.getAudioTracks().length) {
      setCheck("check-microphone", false, W.micNone);
      usable = false;
    } else {
      const heard = await listenToMicrophone(stream);
      // Silence is a warning (a quiet room), not a refusal: the words say what to check.
      setCheck("check-microphone", heard, heard ? W.micOk : W.micSilent);
    }
    try {
      const rate = await measureUpload();
      const shown = rate >= 100 ? "100+" : rate.toFixed(1);
      setCheck("check-speed", rate >= 1, fmt(rate >= 1 ? W.speedOk : W.speedSlow, { rate: shown }));
    } catch (error) {
      setCheck("check-speed", false, W.speedFail);
    }
    return usable;
  }

  // --- 2. practice: recorded and played back here, never sent --------------------------

  let practiceRecorder = null;
  let practiceUrl = "";

  function practiceStart() {
    const parts = [];
    practiceRecorder = new MediaRecorder(stream, { mimeType });
    practiceRecorder.ondataavailable = (event) => {
      if (event.data.size) parts.push(event.data);
    };
    practiceRecorder.onstop = () => {
      if (practiceUrl) URL.revokeObjectURL(practiceUrl);
      practiceUrl = URL.createObjectURL(new Blob(parts, { type: mimeType }));
      const playback = $("practice-playback");
      playback.src = practiceUrl;
      playback.hidden = false;
      $("practice-status").textContent = W.practiceDone;
      $("practice-start").hidden = false;
      $("practice-stop").hidden = true;
    };
    practiceRecorder.start();
    $("practice-status").textContent = W.practising;
    $("practice-start").hidden = true;
    $("practice-stop").hidden = false;
    setTimeout(() => practiceRecorder && practiceRecorder.state === "recording" && practiceRecorder.stop(), 60000);
  }

  // --- 3. the take ---------------------------------------------------------------------

  const store = {
    db: null,
    async open() {
      if (this.db) return this.db;
      this.db = await new Promise((resolve, reject) => {
        const request = indexedDB.open("video-interview", 1);
        request.onupgradeneeded = () => request.result.createObjectStore("parts", { keyPath: ["take", "index"] });
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
      return this.db;
    },
    async run(mode, action) {
      const db = await this.open();
      return new Promise((resolve, reject) => {
        const transaction = db.transaction("parts", mode);
        const request = action(transaction.objectStore("parts"));
        transaction.oncomplete = () => resolve(request && request.result);
        transaction.onerror = () => reject(transaction.error);
      });
    },
    put(part) {
      return this.run("readwrite", (parts) => parts.put(part));
    },
    remove(take, index) {
      return this.run("readwrite", (parts) => parts.delete([take, index]));
    },
    async all(take) {
      const range = IDBKeyRange.bound([take, 0], [take, Number.MAX_SAFE_INTEGER]);
      return (await this.run("readonly", (parts) => parts.getAll(range))) || [];
    },
  };

  const take = {
    data: null,
    recorder: null,
    nextIndex: 0,
    acked: 0,
    produced: 0,
    pumping: false,
    stopped: false,
    fatal: false,
    recordedMs: 0,
    runningSince: null,
    totalLeft: 0,
    pendingWrites: Promise.resolve(),
  };

  const url = (path) => `${config.takeBase}${take.data.take}/${path}`;

  async function sha256Hex(blob) {
    if (!window.crypto || !crypto.subtle) return "";
    const digest = await crypto.subtle.digest("SHA-256", await blob.arrayBuffer());
    return Array.from(new Uint8Array(digest), (byte) => byte.toString(16).padStart(2, "0")).join("");
  }

  function uploadStatus() {
    $("upload-status").textContent = fmt(W.uploading, { sent: take.acked, total: take.produced });
  }

  function enqueue(blob) {
    const index = take.nextIndex;
    take.nextIndex += 1;
    take.produced += 1;
    const segment = take.data.segment;
    const id = take.data.take;
    take.pendingWrites = take.pendingWrites.then(async () => {
      const sha = await sha256Hex(blob);
      await store.put({ take: id, index, segment, sha, blob, type: blob.type || mimeType });
    });
    take.pendingWrites.then(pump);
    uploadStatus();
  }

  function fatal(message) {
    take.fatal = true;
    showError(message);
    stopRecorder();
  }

  async function postForm(path, fields) {
    const body = new FormData();
    body.append("lease", take.data.lease);
    for (const [key, value] of Object.entries(fields)) body.append(key, value);
    return fetch(url(path), { method: "POST", headers: { "X-CSRFToken": config.csrf }, body, credentials: "same-origin" });
  }

  async function postFormRetrying(path, fields) {
    for (;;) {
      try {
        const response = await postForm(path, fields);
        if (response.ok) return response.json().catch(() => ({}));
        const data = await response.json().catch(() => ({}));
        if (data.code === "other_window" || data.code === "ended") fatal(data.error);
        return data;
      } catch (error) {
        await sleep(2000);
      }
    }
  }

  async function pump() {
    if (take.pumping || take.fatal) return;
    take.pumping = true;
    try {
      for (;;) {
        const parts = (await store.all(take.data.take)).sort((a, b) => a.index - b.index);
        if (!parts.length) break;
        const part = parts[0];
        let response;
        try {
          response = await fetch(url(`partie/${part.index}/`), {
            method: "POST",
            headers: {
              "X-CSRFToken": config.csrf,
              "X-Take-Lease": take.data.lease,
              "X-Take-Segment": String(part.segment),
              "X-Chunk-Sha256": part.sha,
              "Content-Type": part.type || "application/octet-stream",
            },
            body: part.blob,
            credentials: "same-origin",
          });
        } catch (error) {
          $("upload-status").textContent = W.offline;
          await sleep(2000);
          continue;
        }
        const data = await response.json().catch(() => ({}));
        if (response.ok && (!part.sha || data.sha256 === part.sha)) {
          await store.remove(part.take, part.index);
          take.acked += 1;
          if (typeof data.left === "number") take.totalLeft = Math.min(take.totalLeft, data.left);
          uploadStatus();
          continue;
        }
        if (data.code === "out_of_order" && data.next > part.index) {
          await store.remove(part.take, part.index); // the server already holds it
          continue;
        }
        if (data.code === "hash_mismatch" || response.status >= 500) {
          await sleep(2000);
          continue;
        }
        fatal(data.error || String(response.status));
        break;
      }
    } finally {
      take.pumping = false;
    }
  }

  function recorderRunning(running) {
    const now = performance.now();
    if (take.runningSince !== null) take.recordedMs += now - take.runningSince;
    take.runningSince = running ? now : null;
  }

  function offsetSeconds() {
    const extra = take.runningSince !== null ? performance.now() - take.runningSince : 0;
    return (take.recordedMs + extra) / 1000;
  }

  function stopRecorder() {
    if (take.recorder && take.recorder.state !== "inactive") {
      recorderRunning(false);
      take.recorder.stop();
    }
  }

  function countdown(seconds, onTick) {
    // Resolves after `seconds`, or earlier when take.skip() is called (the candidate is done).
    return new Promise((resolve) => {
      const end = performance.now() + seconds * 1000;
      let timer = null;
      const finish = () => {
        clearInterval(timer);
        take.skip = null;
        resolve();
      };
      take.skip = finish;
      const tick = () => {
        const left = Math.max(0, Math.ceil((end - performance.now()) / 1000));
        onTick(left);
        if (left <= 0 || take.fatal) finish();
      };
      timer = setInterval(tick, 250);
      tick();
    });
  }

  async function askQuestion(index) {
    const questions = take.data.questions;
    const question = questions[index];
    $("question-number").textContent = fmt(W.question, { n: index + 1, total: questions.length });
    $("question-text").textContent = question.text;
    const started = performance.now();
    const totalAtStart = take.totalLeft;
    const showTotal = () => {
      take.totalLeft = Math.max(0, totalAtStart - (performance.now() - started) / 1000);
      $("total-left").textContent = String(Math.ceil(take.totalLeft));
    };
    if (question.preparation > 0) {
      if (take.recorder.state === "recording") {
        take.recorder.pause();
        recorderRunning(false);
      }
      $("question-phase").textContent = W.prepare;
      $("question-next").hidden = true;
      await countdown(Math.min(question.preparation, take.totalLeft), (left) => {
        $("question-left").textContent = String(left);
        showTotal();
      });
    }
    if (take.fatal || take.totalLeft <= 0) return;
    if (take.recorder.state === "paused") {
      take.recorder.resume();
      recorderRunning(true);
    }
    if (index > take.data.current) {
      take.data.current = index;
      postFormRetrying("question/", { index, offset: offsetSeconds().toFixed(2) });
    }
    $("question-phase").textContent = W.answer;
    $("question-next").hidden = false;
    await countdown(Math.min(question.answer, take.totalLeft), (left) => {
      $("question-left").textContent = String(left);
      showTotal();
    });
  }

  async function finish() {
    stopRecorder();
    $("take-live").hidden = true;
    $("take-message").textContent = W.sending;
    await sleep(300); // the recorder's last part
    await take.pendingWrites;
    for (;;) {
      await pump();
      if (take.fatal) return;
      const left = await store.all(take.data.take);
      if (left.length) {
        await sleep(1500);
        continue;
      }
      const data = await postFormRetrying("fin/", { parts: take.nextIndex });
      if (data.code === "missing_parts") {
        await sleep(1500);
        continue;
      }
      if (data.error) {
        showError(data.error);
        return;
      }
      break;
    }
    stream.getTracks().forEach((track) => track.stop());
    $("take-message").textContent = W.done;
  }

  async function takeStart() {
    clearError();
    $("take-start").disabled = true;
    let response;
    try {
      response = await fetch(config.start, {
        method: "POST",
        headers: { "X-CSRFToken": config.csrf },
        credentials: "same-origin",
      });
    } catch (error) {
      showError(W.speedFail);
      $("take-start").disabled = false;
      return;
    }
    const data = await response.json().catch(() => ({}));
    if (!response.ok) {
      showError(data.error || String(response.status));
      // Another window may close, a time may pass: the candidate may try again.
      $("take-start").disabled = data.code !== "other_window";
      return;
    }
    take.data = data;
    take.totalLeft = data.left;
    // Parts of an earlier segment still in this browser go first, after what the server holds.
    const leftovers = (await store.all(data.take)).filter((part) => part.index >= data.next_chunk);
    for (const part of await store.all(data.take)) if (part.index < data.next_chunk) await store.remove(part.take, part.index);
    take.nextIndex = leftovers.length ? Math.max(...leftovers.map((part) => part.index)) + 1 : data.next_chunk;
    take.produced = take.nextIndex;
    take.acked = data.next_chunk;
    take.recorder = new MediaRecorder(stream, { mimeType, videoBitsPerSecond: 800000, audioBitsPerSecond: 64000 });
    take.recorder.ondataavailable = (event) => {
      if (event.data && event.data.size) enqueue(event.data);
    };
    take.recorder.start(2000);
    recorderRunning(true);
    $("take-intro").hidden = true;
    $("take-live").hidden = false;
    $("practice").hidden = true;
    pump();
    window.addEventListener("online", pump);
    window.addEventListener("pagehide", () => {
      if (take.stopped || take.fatal) return;
      const body = new FormData();
      body.append("lease", take.data.lease);
      body.append("csrfmiddlewaretoken", config.csrf);
      navigator.sendBeacon(url("interruption/"), body);
    });
    for (let index = data.current; index < data.questions.length; index += 1) {
      await askQuestion(index);
      if (take.fatal || take.totalLeft <= 0) break;
    }
    take.stopped = true;
    if (!take.fatal) await finish();
  }

  // --- wiring --------------------------------------------------------------------------

  $("check-start").addEventListener("click", async () => {
    $("check-start").disabled = true;
    const usable = await deviceCheck();
    $("check-start").disabled = false;
    $("practice").hidden = !usable;
    $("take").hidden = !usable;
  });
  $("practice-start").addEventListener("click", practiceStart);
  $("practice-stop").addEventListener("click", () => practiceRecorder && practiceRecorder.stop());
  $("take-ready").addEventListener("change", (event) => {
    $("take-start").disabled = !event.target.checked;
  });
  $("take-start").addEventListener("click", takeStart);
  $("question-next").addEventListener("click", () => take.skip && take.skip());
})();
