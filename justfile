# Every command a person runs on Lyceum. `just --list` shows them.

set shell := ["bash", "-euo", "pipefail", "-c"]

root := justfile_directory()
target := env_var_or_default("CARGO_TARGET_DIR", root / "target")
mfes := "learning authoring discussions profile"
export PATH := root / ".tools/node_modules/.bin" + ":" + env_var("HOME") + "/.cargo/bin:" + env_var("PATH")

# List the commands.
default:
    @just --list

# Install everything the other commands need (idempotent; safe to re-run).
setup:
    #!/usr/bin/env bash
    set -euo pipefail
    as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
    pkgs=()
    command -v chromium >/dev/null || pkgs+=(chromium)
    command -v chromedriver >/dev/null || pkgs+=(chromium-driver)
    command -v redis-server >/dev/null || pkgs+=(redis-server)
    ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || pkgs+=(postgresql)
    command -v wrk >/dev/null || pkgs+=(wrk)
    [ -x /usr/bin/time ] || pkgs+=(time)
    python3 -m venv --help >/dev/null 2>&1 || pkgs+=(python3-venv)
    if [ ${#pkgs[@]} -gt 0 ]; then
        echo "installing Debian packages: ${pkgs[*]}"
        as_root apt-get update -q
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -q "${pkgs[@]}"
    fi
    rustup target list --installed | grep -qx wasm32-unknown-unknown || rustup target add wasm32-unknown-unknown
    if ! trunk --version 2>/dev/null | grep -q '0.21.14'; then
        cargo install --locked trunk@0.21.14
    fi
    wb=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/[^0-9.]/, ""); print; exit}' Cargo.lock)
    if ! wasm-bindgen --version 2>/dev/null | grep -q " $wb\$"; then
        cargo install wasm-bindgen-cli@"$wb"
    fi
    if [ ! -x .tools/node_modules/.bin/wasm-opt ]; then
        mkdir -p .tools && npm install --prefix .tools --no-audit --no-fund binaryen@132
    fi
    (cd e2e && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund)
    if [ ! -x .venv/bin/python ]; then python3 -m venv .venv; fi
    .venv/bin/python -c 'import aiosmtpd, secantus' 2>/dev/null || .venv/bin/pip install -q aiosmtpd SecantusDB
    cargo fetch
    echo "setup done"

# Build the four micro-frontends (release, each into mfes/<app>/dist).
mfes:
    #!/usr/bin/env bash
    set -euo pipefail
    for app in {{mfes}}; do
        echo "building $app"
        (cd mfes/$app && trunk build --release --public-url /$app/)
    done

# Build the MFEs and run the server on http://127.0.0.1:8000 with embedded defaults (./data) and the sample course.
dev: mfes
    cargo run -p api --bin lyceum -- serve --demo

# Write the OpenAPI spec into openapi/ (commit the result).
openapi:
    cargo run -q -p api --bin lyceum -- openapi --out-dir openapi

# Formatting and lints, warnings as errors.
lint:
    cargo fmt --all -- --check
    cargo clippy --workspace --all-targets -- -D warnings
    cargo clippy --target wasm32-unknown-unknown -p lyceum-kit -p lyceum-learning -p lyceum-authoring -p lyceum-discussions -p lyceum-profile -- -D warnings

# Everything: lints, all cargo tests on SQLite and throwaway PostgreSQL, MongoDB-protocol, SMTP and Redis servers, the OpenAPI drift test, release MFE builds, the browser suite.
test: lint
    #!/usr/bin/env bash
    set -euo pipefail
    run="{{target}}/test-services/run-$$"
    mkdir -p "$run"
    free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }
    pids=()
    pgdata=""
    pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
    as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
    cleanup() {
        set +e
        [ -n "$pgdata" ] && as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate stop >/dev/null 2>&1
        for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
        rm -rf "$run" "${pgroot:-}"
    }
    trap cleanup EXIT

    # PostgreSQL: a throwaway cluster on a free port. Under root it runs as the
    # postgres user, so its directory must be reachable by that user.
    pgroot="$run/pg"
    if [ "$(id -u)" = 0 ] && ! runuser -u postgres -- test -x "$run"; then pgroot=$(mktemp -d /tmp/lyceum-pg-XXXXXX); fi
    pgdata="$pgroot/data"
    mkdir -p "$pgroot"
    [ "$(id -u)" = 0 ] && chown postgres "$pgroot"
    pgport=$(free_port)
    as_pg "$pgbin/initdb" -D "$pgdata" -A trust -U postgres >/dev/null
    as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pgroot/log" -w \
        -o "-c listen_addresses=127.0.0.1 -p $pgport -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
    export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$pgport/postgres"
    export LYCEUM_REQUIRE_POSTGRES=1

    # SMTP: aiosmtpd delivering into a maildir.
    smtpport=$(free_port)
    export TEST_SMTP_MAILDIR="$run/maildir"
    .venv/bin/python -m aiosmtpd -n -l "127.0.0.1:$smtpport" -c aiosmtpd.handlers.Mailbox "$TEST_SMTP_MAILDIR" >"$run/smtp.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 50); do (echo > /dev/tcp/127.0.0.1/$smtpport) 2>/dev/null && break; sleep 0.1; done
    export TEST_SMTP_URL="smtp://127.0.0.1:$smtpport"
    export LYCEUM_REQUIRE_SMTP=1

    # MongoDB wire protocol: SecantusDB in memory.
    mongoport=$(free_port)
    .venv/bin/secantusd-py --host 127.0.0.1 --port "$mongoport" --storage-path :memory: >"$run/mongo.log" 2>&1 &
    pids+=($!)
    for _ in $(seq 100); do (echo > /dev/tcp/127.0.0.1/$mongoport) 2>/dev/null && break; sleep 0.1; done
    export TEST_MONGODB_URI="mongodb://127.0.0.1:$mongoport"
    export LYCEUM_REQUIRE_MONGODB=1

    # Redis: no persistence, its files under the run directory.
    redisport=$(free_port)
    mkdir -p "$run/redis"
    redis-server --bind 127.0.0.1 --port "$redisport" --save '' --appendonly no \
        --dir "$run/redis" --logfile "$run/redis.log" >/dev/null &
    pids+=($!)
    for _ in $(seq 50); do redis-cli -p "$redisport" ping >/dev/null 2>&1 && break; sleep 0.1; done
    export TEST_REDIS_URL="redis://127.0.0.1:$redisport"
    export LYCEUM_REQUIRE_REDIS=1

    cargo test -p api -p shared-types
    unset TEST_DATABASE_URL TEST_SMTP_URL TEST_MONGODB_URI TEST_REDIS_URL

    just mfes
    cargo build -p api --bin lyceum
    e2eport=$(free_port)
    (cd e2e && E2E_PORT=$e2eport LYCEUM_BIN="{{target}}/debug/lyceum" npx playwright test)

# Measure /api/v1/health and an authenticated /api/v1/me at 64 connections (wrk against loopback).
bench:
    #!/usr/bin/env bash
    set -euo pipefail
    cargo build --profile server -p api --bin lyceum
    bin="{{target}}/server/lyceum"
    data=$(mktemp -d)
    port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')
    BIND_ADDR=127.0.0.1:$port DATA_DIR=$data LOG_LEVEL=warn "$bin" serve &
    pid=$!
    trap 'kill $pid; rm -rf "$data"' EXIT
    for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/api/v1/ready >/dev/null && break; sleep 0.1; done
    DATA_DIR=$data LYCEUM_PASSWORD='bench password 1' "$bin" create-user --username bench --email bench@example.org >/dev/null
    token=$(curl -sf -X POST http://127.0.0.1:$port/api/v1/auth/login -H 'content-type: application/json' \
        -d '{"username":"bench","password":"bench password 1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    echo "== GET /api/v1/health (64 connections, 2 threads, 15 s)"
    wrk -t2 -c64 -d15s --latency http://127.0.0.1:$port/api/v1/health | grep -E 'Requests/sec|50%|99%'
    echo "== GET /api/v1/me with a bearer token (64 connections, 2 threads, 15 s)"
    wrk -t2 -c64 -d15s --latency -H "Authorization: Bearer $token" http://127.0.0.1:$port/api/v1/me | grep -E 'Requests/sec|50%|99%'
    DATA_DIR=$data LYCEUM_PASSWORD='bench password 1' "$bin" create-user --username author --email author@example.org --staff >/dev/null
    atoken=$(curl -sf -X POST http://127.0.0.1:$port/api/v1/auth/login -H 'content-type: application/json' \
        -d '{"username":"author","password":"bench password 1"}' | python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')
    echo "== building a 1,000-block course through the Studio API, then publishing it"
    key=$(BASE=http://127.0.0.1:$port TOKEN=$atoken python3 - <<'PY'
    import json, os, time, urllib.request
    base, token = os.environ["BASE"], os.environ["TOKEN"]
    def call(method, path, body=None):
        req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None,
                                     headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        with urllib.request.urlopen(req) as r:
            return json.load(r)
    course = call("POST", "/api/v1/authoring/courses", {"org": "Bench", "number": "B1", "run": "1000", "display_name": "Bench course"})
    key, version = course["course_key"], course["draft_version"]
    root = call("GET", f"/api/v1/authoring/courses/{key}/outline")["root"]["id"]
    started, blocks = time.time(), 1
    for c in range(10):
        ch = call("POST", f"/api/v1/authoring/courses/{key}/blocks", {"base_version": version, "parent": root, "type": "chapter", "display_name": f"Chapter {c}"}); version = ch["version"]; blocks += 1
        for s in range(4):
            sq = call("POST", f"/api/v1/authoring/courses/{key}/blocks", {"base_version": version, "parent": ch["id"], "type": "sequential", "display_name": f"Seq {s}"}); version = sq["version"]; blocks += 1
            version = call("PATCH", f"/api/v1/authoring/blocks/{sq['id']}", {"base_version": version, "graded": True, "format": "Homework"})["version"]
            for v in range(4):
                vt = call("POST", f"/api/v1/authoring/courses/{key}/blocks", {"base_version": version, "parent": sq["id"], "type": "vertical", "display_name": f"Unit {v}"}); version = vt["version"]; blocks += 1
                for k in range(5):
                    if blocks >= 1000:
                        break
                    kind = "problem" if k == 0 else "html"
                    comp = call("POST", f"/api/v1/authoring/courses/{key}/blocks", {"base_version": version, "parent": vt["id"], "type": kind, "display_name": f"Page {k}"}); version = comp["version"]; blocks += 1
                    if kind == "problem":
                        version = call("PATCH", f"/api/v1/authoring/blocks/{comp['id']}", {"base_version": version, "markdown": ">>Pick the second<<\n\n( ) one\n(x) two\n"})["version"]
    built = time.time() - started
    started = time.time()
    call("POST", f"/api/v1/authoring/courses/{key}/publish", {"base_version": version})
    print(f"built {blocks} blocks in {built:.1f} s ({blocks / built:.0f} edits/s); published in {(time.time() - started) * 1000:.1f} ms", file=__import__("sys").stderr)
    print(key)
    PY
    )
    echo "== importing the Open edX demo course (lyceum import-olx: wall time and peak memory of the whole command)"
    if [ -d ../shared/fixtures/olx/demo-course ]; then
        idata=$(mktemp -d)
        DATA_DIR=$idata "$bin" migrate >/dev/null
        /usr/bin/time -f 'imported in %e s, peak RSS %M KB' env DATA_DIR=$idata LOG_LEVEL=warn "$bin" import-olx ../shared/fixtures/olx/demo-course >/dev/null
        rm -rf "$idata"
    else
        echo "SKIPPED: ../shared/fixtures/olx/demo-course not found"
    fi
    echo "== GET the draft outline of the 1,000-block course (64 connections, 2 threads, 15 s)"
    wrk -t2 -c64 -d15s --latency -H "Authorization: Bearer $atoken" "http://127.0.0.1:$port/api/v1/authoring/courses/$key/outline" | grep -E 'Requests/sec|50%|99%'
    echo "== learners: 50 accounts enrolled in the 1,000-block course, each answering its problems"
    BASE=http://127.0.0.1:$port DATA=$data BIN="$bin" KEY=$key python3 - <<'PY' > "$data/learners.lua"
    import json, os, subprocess, urllib.request
    base, key = os.environ["BASE"], os.environ["KEY"]
    def call(method, path, token=None, body=None):
        headers = {"Content-Type": "application/json"}
        if token:
            headers["Authorization"] = "Bearer " + token
        req = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body is not None else None, headers=headers)
        with urllib.request.urlopen(req) as r:
            return json.load(r) if r.status != 204 else None
    tokens = []
    for i in range(50):
        name = f"learner{i}"
        call("POST", "/api/v1/auth/register", body={"username": name, "email": f"{name}@example.org", "password": "bench password 1", "name": name})
        token = call("POST", "/api/v1/auth/login", body={"username": name, "password": "bench password 1"})["token"]
        call("POST", f"/api/v1/courses/{key}/enrollment", token, {})
        tokens.append(token)
    blocks = call("GET", f"/api/v1/courses/{key}/blocks", tokens[0])
    problems = []
    def walk(b):
        if b["type"] == "problem":
            problems.append(b["id"])
        for c in b["children"]:
            walk(c)
    walk(blocks["root"])
    state = call("GET", f"/api/v1/courses/{key}/blocks/{problems[0]}/problem", tokens[0])
    input_id = next(p["id"] for p in state["problem"]["parts"] if p["part"] == "input")
    for t in tokens:
        for p in problems[:40]:
            call("POST", f"/api/v1/courses/{key}/blocks/{p}/problem/submissions", t, {"answers": {input_id: "choice_1"}})
    print("tokens = " + json.dumps(tokens).replace("[", "{").replace("]", "}"))
    print("problems = " + json.dumps(problems[:40]).replace("[", "{").replace("]", "}"))
    print("body = " + json.dumps(json.dumps({"answers": {input_id: "choice_1"}})))
    print(f'course = "{key}"')
    print("""
    -- Each wrk thread (-t2) has its own counter: give each half of the
    -- learners, or both threads send the same learner's same problem at
    -- once and measure submission conflicts instead of submissions.
    counter = 0
    local started = 0
    function setup(thread)
       thread:set("id", started)
       started = started + 1
    end
    request = function()
       counter = counter + 1
       local per = #tokens / 2
       local token = tokens[id * per + (counter % per) + 1]
       local problem = problems[(math.floor(counter / per) % #problems) + 1]
       local headers = {}
       headers["Authorization"] = "Bearer " .. token
       headers["Content-Type"] = "application/json"
       if wrk.path == "/submit" then
          return wrk.format("POST", "/api/v1/courses/" .. course .. "/blocks/" .. problem .. "/problem/submissions", headers, body)
       end
       return wrk.format("GET", wrk.path:gsub("COURSE", course), headers)
    end
    """)
    PY
    echo "== GET the learner's outline of the 1,000-block course (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "http://127.0.0.1:$port/api/v1/courses/COURSE/blocks" | grep -E 'Requests/sec|50%|99%'
    echo "== GET the progress page of the 1,000-block course (200 problems, 40 answered per learner; 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "http://127.0.0.1:$port/api/v1/courses/COURSE/progress" | grep -E 'Requests/sec|50%|99%'
    echo "== POST problem submissions (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "http://127.0.0.1:$port/submit" | grep -E 'Requests/sec|50%|99%'
    echo "== grading one learner's course with 200 problems (criterion)"
    cargo bench -p api --bench grading -- --noplot 2>/dev/null | grep -E '^grading|time:'
    echo "== forum: 10,000 threads in 8 topics and 100,000 responses posted through the API as course staff; learners vote, follow and read"
    # Each response queues a forum_notification job; restart the server without
    # its in-process job worker so that 100,000 queued emails do not compete
    # with the posts and the measured reads (same data, port and tokens).
    kill $pid; wait $pid 2>/dev/null || true
    BIND_ADDR=127.0.0.1:$port DATA_DIR=$data LOG_LEVEL=warn JOB_WORKERS=0 "$bin" serve &
    pid=$!
    for _ in $(seq 100); do curl -sf http://127.0.0.1:$port/api/v1/ready >/dev/null && break; sleep 0.1; done
    BASE=http://127.0.0.1:$port TOKEN=$atoken KEY=$key LUA="$data/learners.lua" python3 - <<'PY' > "$data/forum.env"
    import http.client, itertools, json, os, random, sys, threading, time, urllib.parse
    base, key, staff = urllib.parse.urlsplit(os.environ["BASE"]), os.environ["KEY"], os.environ["TOKEN"]
    learners = next(json.loads(l[len("tokens = "):].replace("{", "[").replace("}", "]")) for l in open(os.environ["LUA"]) if l.startswith("tokens = "))
    forum = f"/api/v1/courses/{key}/discussion"
    local = threading.local()
    def call(method, path, token, body=None):
        for attempt in range(3):
            conn = getattr(local, "conn", None) or http.client.HTTPConnection(base.hostname, base.port, timeout=60)
            local.conn = conn
            try:
                conn.request(method, path, body=json.dumps(body) if body is not None else None,
                             headers={"Authorization": "Bearer " + token, "Content-Type": "application/json"})
                r = conn.getresponse()
                data = r.read()
            except (http.client.HTTPException, OSError):
                conn.close(); local.conn = None
                continue
            if r.status >= 300:
                raise RuntimeError(f"{method} {path}: {r.status} {data[:300]!r}")
            return json.loads(data) if data else None
        raise RuntimeError(f"{method} {path}: connection failed 3 times")
    def run(jobs, workers=8):
        """Each job (method, path, token, body) on `workers` keep-alive connections; results in order."""
        results, errors, todo = [None] * len(jobs), [], itertools.count()
        def work():
            try:
                for i in iter(todo.__next__, None):
                    if i >= len(jobs) or errors:
                        return
                    results[i] = call(*jobs[i])
            except Exception as e:
                errors.append(e)
        pool = [threading.Thread(target=work) for _ in range(workers)]
        started = time.time()
        for t in pool: t.start()
        for t in pool: t.join()
        if errors:
            raise errors[0]
        return results, time.time() - started
    rng = random.Random(1000)
    words = "the a of to and in is it that for on with as this be are problem answer question lecture week grade exam homework video unit quiz why how does anyone know help please thanks".split()
    text = lambda lo, hi: " ".join(rng.choice(words) for _ in range(rng.randint(lo, hi)))
    settings = call("GET", f"/api/v1/authoring/courses/{key}/advanced-settings", staff)
    topics = ["course"] + [f"topic-{i}" for i in range(1, 8)]
    settings["settings"]["discussion_topics"] = [{"id": t, "name": "General" if t == "course" else f"Topic {t[6:]}"} for t in topics]
    version = call("PUT", f"/api/v1/authoring/courses/{key}/advanced-settings", staff, {"base_version": settings["version"], "settings": settings["settings"]})["version"]
    call("POST", f"/api/v1/authoring/courses/{key}/publish", staff, {"base_version": version})
    # 10,000 threads, one in four a question, General twice as busy as the others.
    jobs = [("POST", f"{forum}/threads", staff, {"topic_id": rng.choice(topics + ["course"]), "type": "question" if i % 4 == 3 else "discussion",
                                                  "title": text(4, 12).capitalize() + "?", "body": text(20, 120)}) for i in range(10_000)]
    threads, took = run(jobs)
    ids = [t["id"] for t in threads]
    print(f"posted {len(ids)} threads in {took:.1f} s ({len(ids) / took:.0f} posts/s)", file=sys.stderr)
    # 100,000 responses in random order: 2,000 in one thread, the rest spread unevenly (a few busy threads, many quiet ones).
    hot = ids[0]
    weights = [rng.paretovariate(2) for _ in ids]
    targets = [hot] * 2_000 + rng.choices(ids, weights, k=98_000)
    rng.shuffle(targets)
    jobs = [("POST", f"{forum}/threads/{t}/responses", staff, {"body": text(10, 60)}) for t in targets]
    _, took = run(jobs)
    print(f"posted {len(jobs)} responses in {took:.1f} s ({len(jobs) / took:.0f} posts/s)", file=sys.stderr)
    # Three pinned threads; each learner votes for 100 threads, follows 20 and reads 100 (popular ones more often).
    jobs = [("PUT", f"{forum}/threads/{t}/pin", staff, None) for t in rng.sample(ids, 3)]
    for token in learners:
        picked = list(dict.fromkeys(rng.choices(ids, weights, k=400)))
        jobs += [("PUT", f"{forum}/threads/{t}/vote", token, None) for t in picked[:100]]
        jobs += [("PUT", f"{forum}/threads/{t}/follow", token, None) for t in picked[100:120]]
        jobs += [("GET", f"{forum}/threads/{t}", token, None) for t in rng.sample(ids, 100)]
    _, took = run(jobs)
    print(f"{len(jobs)} votes, follows and reads in {took:.1f} s ({len(jobs) / took:.0f} requests/s)", file=sys.stderr)
    print(f"topic={topics[3]} topic_threads={sum(t['topic_id'] == topics[3] for t in threads)}")
    print(f"hot={hot} hot_responses={targets.count(hot)}")
    PY
    source "$data/forum.env"
    threads="http://127.0.0.1:$port/api/v1/courses/COURSE/discussion/threads"
    echo "== GET the thread list, default sort (activity), page 1 of 20 (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "$threads?page=1&page_size=20" | grep -E 'Requests/sec|^ +(50|99)%'
    echo "== GET the thread list sorted by votes, page 1 of 20 (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "$threads?sort=votes&page=1&page_size=20" | grep -E 'Requests/sec|^ +(50|99)%'
    echo "== GET the learner's unread threads, page 1 of 20 (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "$threads?filter=unread&page=1&page_size=20" | grep -E 'Requests/sec|^ +(50|99)%'
    echo "== GET one topic's threads ($topic_threads of 10,000), page 1 of 20 (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "$threads?topic_id=$topic&page=1&page_size=20" | grep -E 'Requests/sec|^ +(50|99)%'
    echo "== GET the responses of a thread with $hot_responses responses, page 1 of 20 (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "$threads/$hot/responses?page=1&page_size=20" | grep -E 'Requests/sec|^ +(50|99)%'
    echo "== GET the course's discussion topics with their thread counts (50 learners, 50 connections, 15 s)"
    wrk -t2 -c50 -d15s --latency -s "$data/learners.lua" "http://127.0.0.1:$port/api/v1/courses/COURSE/discussion/topics" | grep -E 'Requests/sec|^ +(50|99)%'
