#!/usr/bin/env python3
"""The third hardening round's request bounds (issue 42), against the `make up` stack.

  expensive  the unbounded scenario of the issue (1,000 titles of 500 characters, a 5,000-character plot: a
             0.5 MB body, no token) and the most expensive valid one (20 titles, the plot, 50 years: 1,000
             variants): status and seconds of each
  abandon    six of those valid scenarios sent one a second and abandoned after 0.3 s: model-service's CPU
             seconds in the 5 s after the last one (work that stopped costs none)
  search     recommendation p99 at 50 req/s alone, then with 50 concurrent clients searching (all from this machine,
             so one client to the rate limit; SEARCH_RATE=N: N searches a second in all, default 106 as in the
             issue's probe; 0: each as fast as it can): p99, and the searchers' answers
  inputs     text the tokenizer reads as nothing, bad encodings, a 1 MB genre: each status (no 500 expected)
  frozen     PostgreSQL frozen (SIGSTOP) from second 5 to 35 while ingestion-service's and training-service's reads
             and readiness get 40 req/s each (FROZEN_RATE=N: N) and ratings are posted at the same rate: per endpoint the answers, p99 and
             slowest; every acknowledged rating looked up afterwards (not part of "all": it freezes the database)

  python3 bench/request-limits.py [expensive|abandon|search|inputs ...]   (default: all)
"""
import http.client
import json
import os
import random
import sys
import threading
import time
import urllib.parse

REC = ("127.0.0.1", 8080)
MODEL = ("127.0.0.1", 8083)


def request(host, method, path, body=None, timeout=60, headers=None):
    connection = http.client.HTTPConnection(*host, timeout=timeout)
    if isinstance(body, str) and body.startswith("RAW:"):
        data = body[4:].encode()   # sent as written: JSON a client library would not produce
    else:
        data = None if body is None else json.dumps(body).encode()
    all_headers = {"Content-Type": "application/json"} if data is not None else {}
    all_headers.update(headers or {})
    started = time.monotonic()
    try:
        connection.request(method, path, body=data, headers=all_headers)
        response = connection.getresponse()
        text = response.read()
        return response.status, time.monotonic() - started, text, dict(response.getheaders())
    finally:
        connection.close()


def pid_of(name):
    with open(f".local/{name}.pid") as f:
        return int(f.read().strip())


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


PLOT = ("A lighthouse keeper finds a letter from a sailor lost forty years ago and follows it across the islands. " * 60)[:5000]


def valid_scenario():
    return {"base": {"title": "The Silent Harbor", "genres": ["Drama", "Mystery"], "plot": PLOT},
            "variations": {"titles": [f"The Silent Harbor {i}" for i in range(20)], "years": list(range(1980, 2030))}}


def expensive():
    unbounded = {"base": {"title": "The Silent Harbor", "genres": ["Drama"], "plot": PLOT},
                 "variations": {"titles": [("t%03d " % i) + "x" * 495 for i in range(1000)]}}
    size = len(json.dumps(unbounded))
    status, seconds, text, _ = request(MODEL, "POST", "/api/v1/scenarios", unbounded)
    print(f"unbounded scenario ({size / 1e6:.2f} MB body): {status} in {seconds:.3f} s: {json.loads(text).get('detail', '')[:100]}")
    status, seconds, text, _ = request(MODEL, "POST", "/api/v1/scenarios", valid_scenario())
    answer = json.loads(text)
    print(f"most expensive valid scenario (20 titles x 50 years, 5,000-character plot): {status} in {seconds:.2f} s, "
          f"{answer.get('combinations', answer.get('detail'))} variants")


def abandon():
    pid = pid_of("model-service")
    before = cpu_seconds(pid)
    for _ in range(6):
        try:
            request(MODEL, "POST", "/api/v1/scenarios", valid_scenario(), timeout=0.3)
        except (TimeoutError, OSError):
            pass
        time.sleep(0.7)
    sent = cpu_seconds(pid)
    time.sleep(5)
    after = cpu_seconds(pid)
    print(f"abandoned scenarios: model-service CPU {sent - before:.2f} s while they were sent (6 s), "
          f"{after - sent:.2f} s in the 5 s after the last")


def user_ids():
    status, _, text, _ = request(REC, "GET", "/api/v1/movies/popular?limit=1")
    return list(range(1, 611))


def recommendation_load(seconds, rate, latencies, errors, stop=None):
    users = user_ids()
    interval = 1.0 / rate
    start = time.monotonic()
    lock = threading.Lock()

    def one(due):
        try:
            status, _, _, _ = request(REC, "GET", f"/api/v1/users/{random.choice(users)}/recommendations", timeout=10)
            with lock:
                latencies.append(time.monotonic() - due)
                if status != 200:
                    errors.append(status)
        except OSError:
            with lock:
                errors.append("io")

    threads = []
    for k in range(int(seconds * rate)):
        due = start + k * interval
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        t = threading.Thread(target=one, args=(due,))
        t.start()
        threads.append(t)
    for t in threads:
        t.join()


def p99(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(0.99 * len(ordered)))] * 1000


def search():
    alone, alone_errors = [], []
    recommendation_load(20, 50, alone, alone_errors)
    print(f"recommendations alone, 50 req/s for 20 s: p99 {p99(alone):.1f} ms, {len(alone_errors)} errors")
    stop = threading.Event()
    answers = {}
    lock = threading.Lock()
    words = ["toy story", "space adventure with robots", "a heist in paris", "love in the war", "haunted house",
             "the godfather", "a dog finds its way home", "time travel comedy"]

    total_rate = float(os.environ.get("SEARCH_RATE", "106"))
    pause = 50 / total_rate if total_rate > 0 else 0

    # DISTINCT_CLIENTS=1: each searcher names its own address in X-Forwarded-For (the service must trust it:
    # QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING=true QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED=true), as 50 clients
    # behind the Ingress are seen.
    distinct = os.environ.get("DISTINCT_CLIENTS") == "1"

    def searcher():
        address = f"10.0.{random.randint(0, 255)}.{random.randint(1, 254)}"
        while not stop.is_set():
            if pause:
                time.sleep(pause * random.uniform(0.5, 1.5))
            q = urllib.parse.quote(random.choice(words) + " " + str(random.randint(0, 999)))
            try:
                status, _, _, _ = request(REC, "GET", f"/api/v1/movies/search?q={q}&limit=20", timeout=10,
                                          headers={"X-Forwarded-For": address} if distinct else None)
            except OSError:
                status = "io"
            with lock:
                answers[status] = answers.get(status, 0) + 1

    searchers = [threading.Thread(target=searcher) for _ in range(50)]
    for t in searchers:
        t.start()
    time.sleep(2)
    loaded, loaded_errors = [], []
    recommendation_load(20, 50, loaded, loaded_errors)
    stop.set()
    for t in searchers:
        t.join()
    print(f"recommendations with 50 searching clients{' (distinct addresses)' if distinct else ''} "
          f"({'as fast as they can' if not pause else f'{total_rate:.0f} searches/s'}): p99 {p99(loaded):.1f} ms (alone {p99(alone):.1f} ms), "
          f"{len(loaded_errors)} errors; searchers' answers: {dict(sorted(answers.items(), key=str))}")


def inputs():
    cases = [
        ("search zero-width space", REC, "GET", "/api/v1/movies/search?q=%E2%80%8B", None),
        ("search byte-order mark", REC, "GET", "/api/v1/movies/search?q=%EF%BB%BF", None),
        ("search soft hyphen", REC, "GET", "/api/v1/movies/search?q=%C2%AD", None),
        ("search invalid UTF-8", REC, "GET", "/api/v1/movies/search?q=%FF%FE", None),
        ("search bad escape", REC, "GET", "/api/v1/movies/search?q=%zz", None),
        ("search 20 KB target", REC, "GET", "/api/v1/movies/search?q=" + "x" * 20_000, None),
        ("similar zero-width title", REC, "POST", "/api/v1/movies/similar", {"title": "\u200b"}),
        ("new-movie BOM title", MODEL, "POST", "/api/v1/predictions/new-movie", {"title": "\ufeff", "genres": ["Drama"]}),
        ("scenario soft-hyphen plot", MODEL, "POST", "/api/v1/scenarios", {"base": {"title": "X", "plot": "\u00ad"}}),
        ("anonymous 1 MB genre", REC, "POST", "/api/v1/recommendations/anonymous",
         {"ratings": [{"movieId": 1, "rating": 5}], "genre": "x" * 1_000_000}),
        ("search lone surrogate", REC, "GET", "/api/v1/movies/search?q=toy%ED%A0%80story", None),
        ("similar lone surrogate", REC, "POST", "/api/v1/movies/similar", "RAW:{\"title\": \"Toy \\ud800 Story\"}"),
        ("new-movie lone surrogate plot", MODEL, "POST", "/api/v1/predictions/new-movie",
         "RAW:{\"title\": \"Heat\", \"plot\": \"a \\udfff b\"}"),
        ("scenario nested 5,000 deep", MODEL, "POST", "/api/v1/scenarios", "RAW:" + "[" * 5000 + "]" * 5000),
        ("new-movie year 1e400", MODEL, "POST", "/api/v1/predictions/new-movie", "RAW:{\"title\": \"X\", \"year\": 1e400}"),
        ("anonymous rating NaN", REC, "POST", "/api/v1/recommendations/anonymous",
         "RAW:{\"ratings\": [{\"movieId\": 1, \"rating\": NaN}]}"),
        ("recommendations limit -1", REC, "GET", "/api/v1/users/1/recommendations?limit=-1", None),
        ("ratings of user 2^31", ("127.0.0.1", 8081), "GET", "/api/v1/users/2147483648/ratings", None),
    ]
    for name, host, method, path, body in cases:
        status, seconds, text, headers = request(host, method, path, body)
        kind = headers.get("content-type", headers.get("Content-Type", "-"))
        print(f"{name}: {status} {kind}, {len(text)} bytes: {text[:90]!r}")


INGESTION = ("127.0.0.1", 8081)
TRAINING = ("127.0.0.1", 8082)
ADMIN = {"Authorization": "Bearer " + os.environ.get("RECSYS_ADMIN_TOKEN", "local-admin-token")}


def postgres_signal(signal_name):
    with open(".local/pgdata/postmaster.pid") as f:
        postmaster = int(f.readline())
    import subprocess
    if signal_name == "STOP":
        os.kill(postmaster, 19)
        subprocess.run(["pkill", "-STOP", "-P", str(postmaster)])
    else:
        subprocess.run(["pkill", "-CONT", "-P", str(postmaster)])
        os.kill(postmaster, 18)


def frozen():
    endpoints = {
        "ingestion /movies/1": (INGESTION, "GET", "/api/v1/movies/1"),
        "ingestion /users/1/ratings": (INGESTION, "GET", "/api/v1/users/1/ratings"),
        "ingestion /ingestions": (INGESTION, "GET", "/api/v1/ingestions?limit=5"),
        "ingestion ready": (INGESTION, "GET", "/q/health/ready"),
        "training /training-runs": (TRAINING, "GET", "/api/v1/training-runs?limit=5"),
        "training ready": (TRAINING, "GET", "/q/health/ready"),
        "POST /ratings": (INGESTION, "POST", "/api/v1/ratings"),
    }
    results = {name: [] for name in endpoints}
    acknowledged = []
    lock = threading.Lock()
    base_user = 900_000 + random.randint(0, 50_000) * 10

    def one(name, k, due):
        host, method, path = endpoints[name]
        body = None
        if method == "POST":
            body = {"ratings": [{"userId": base_user + k, "movieId": 1, "rating": 4.0}]}
        sent = time.monotonic()
        try:
            status, _, _, _ = request(host, method, path, body, timeout=60, headers=ADMIN)
        except OSError:
            status = "io"
        with lock:
            results[name].append((status, time.monotonic() - due, time.monotonic() - sent, sent - due, sent))
            if method == "POST" and status == 200:
                acknowledged.append(base_user + k)

    threads = []
    rate = float(os.environ.get("FROZEN_RATE", "40"))   # requests a second on each endpoint
    start = time.monotonic() + 0.2
    freeze_at, thaw_at, end = start + 5, start + 35, start + 40
    frozen_now = False
    k = 0
    try:
        while True:
            due = start + k / rate
            if due >= end:
                break
            delay = due - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            now = time.monotonic()
            if not frozen_now and freeze_at <= now < thaw_at:
                postgres_signal("STOP")
                frozen_now = True
            elif frozen_now and now >= thaw_at:
                postgres_signal("CONT")
                frozen_now = False
            for name in endpoints:
                t = threading.Thread(target=one, args=(name, k, due))
                t.start()
                threads.append(t)
            k += 1
    finally:
        if frozen_now:
            postgres_signal("CONT")
    for t in threads:
        t.join()
    # From when a request was due (no coordinated omission), and from when it was sent: a load generator on the same
    # two cores falls behind its schedule, which the first includes and the second does not.
    for name, answers in results.items():
        counts = {}
        for status, *_ in answers:
            counts[status] = counts.get(status, 0) + 1
        due = sorted(a[1] for a in answers)
        sent = sorted(a[2] for a in answers)
        late = sorted(a[3] for a in answers)
        print(f"{name}: {dict(sorted(counts.items(), key=str))}; from due: p99 {p99(due):.0f} ms, slowest {due[-1]:.2f} s; "
              f"from sent: p99 {p99(sent):.0f} ms, slowest {sent[-1]:.2f} s; sent late by up to {late[-1]:.2f} s")
    # When the slow answers came: the slowest answer (from sent) of the requests sent in each second.
    slowest = {}
    for answers in results.values():
        for status, _, from_sent, _, at in answers:
            second = int(at - start)
            slowest[second] = max(slowest.get(second, 0), from_sent)
    print("slowest answer by second sent (freeze from 5 to 35): "
          + " ".join(f"{k}:{v:.1f}" for k, v in sorted(slowest.items())))
    import subprocess
    stored = subprocess.run(["psql", "-h", "127.0.0.1", "-p", os.environ.get("PG_PORT", "55432"), "-U", "postgres",
                             "-d", "recsys", "-tAc", f"SELECT count(*) FROM catalog.ratings WHERE user_id >= {base_user} "
                             f"AND user_id < {base_user + k} AND user_id = ANY('{{{','.join(map(str, acknowledged)) or '0'}}}')"],
                            capture_output=True, text=True, env={**os.environ, "PGPASSWORD": "postgres"}).stdout.strip()
    print(f"acknowledged ratings: {len(acknowledged)}, of them stored: {stored}")
    # The probe's users are removed again, so that the local catalog keeps only its real users.
    subprocess.run(["psql", "-h", "127.0.0.1", "-p", os.environ.get("PG_PORT", "55432"), "-U", "postgres", "-d", "recsys",
                    "-qc", f"DELETE FROM catalog.ratings WHERE user_id >= {base_user} AND user_id < {base_user + k}; "
                    f"DELETE FROM catalog.users WHERE user_id >= {base_user} AND user_id < {base_user + k}"],
                   capture_output=True, env={**os.environ, "PGPASSWORD": "postgres"})


PARTS = {"expensive": expensive, "abandon": abandon, "search": search, "inputs": inputs, "frozen": frozen}
DEFAULT = ["expensive", "abandon", "search", "inputs"]

if __name__ == "__main__":
    os.chdir(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
    for part in sys.argv[1:] or DEFAULT:
        print(f"== {part}")
        PARTS[part]()
    print("command: python3 bench/request-limits.py " + " ".join(sys.argv[1:]))
