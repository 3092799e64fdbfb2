#!/usr/bin/env python3
"""Recomputes the catalog questions from TMDB files the way a pandas notebook does (csv + ast.literal_eval for
The Movies Dataset, json for TMDB 5000; rows whose id is not a number dropped, repeated ids keep the first, 0 budget
or revenue is unknown) and compares them with ingestion-service's /api/v1/insights answers. Standard library only.

    python3 bench/tmdb-check.py DIR http://localhost:18083 [read-token]
"""
import ast
import calendar
import csv
import datetime
import json
import math
import sys
import urllib.parse
import urllib.request
from collections import defaultdict

csv.field_size_limit(sys.maxsize)


def load(directory):
    movies_dataset = True
    try:
        handle = open(f"{directory}/movies_metadata.csv", newline="", encoding="utf-8")
        parse = ast.literal_eval
    except FileNotFoundError:
        handle = open(f"{directory}/tmdb_5000_movies.csv", newline="", encoding="utf-8")
        parse, movies_dataset = json.loads, False
    with handle:
        reader = csv.reader(handle)
        header = next(reader)
        seen, movies = set(), []
        for fields in reader:
            if len(fields) != len(header):
                continue
            row = dict(zip(header, fields))
            if not row["id"].isdigit() or row["id"] in seen or not row["title"].strip():
                continue
            try:
                lists = {c: parse(row[c]) if row[c].strip() else [] for c in ("genres", "production_companies", "production_countries")}
                collection = parse(row["belongs_to_collection"]) if movies_dataset and row["belongs_to_collection"].strip() else None
                budget, revenue = float(row["budget"] or 0), float(row["revenue"] or 0)
            except (ValueError, SyntaxError):
                continue
            seen.add(row["id"])
            date = None
            try:
                date = datetime.date.fromisoformat(row["release_date"])
            except ValueError:
                pass
            movies.append({"year": date.year if date else None, "date": date,
                           "genres": [g["name"] for g in lists["genres"]],
                           "companies": {c["name"] for c in lists["production_companies"]},
                           "countries": {c["name"] for c in lists["production_countries"]},
                           "collection": collection["name"] if isinstance(collection, dict) else None,
                           "budget": round(budget) or None, "revenue": round(revenue) or None})
    return movies


def groups(movies, key):
    figures = defaultdict(lambda: {"movies": 0, "moviesWithBudget": 0, "moviesWithRevenue": 0, "budgetTotal": 0,
                                   "revenueTotal": 0, "both_revenue": 0, "both_budget": 0})
    for m in movies:
        names = key(m)
        for name in ([names] if isinstance(names, str) else names or []):
            f = figures[name]
            f["movies"] += 1
            if m["budget"]:
                f["moviesWithBudget"] += 1
                f["budgetTotal"] += m["budget"]
            if m["revenue"]:
                f["moviesWithRevenue"] += 1
                f["revenueTotal"] += m["revenue"]
            if m["budget"] and m["revenue"]:
                f["both_budget"] += m["budget"]
                f["both_revenue"] += m["revenue"]
    for f in figures.values():
        f["revenueMean"] = f["revenueTotal"] / f["moviesWithRevenue"] if f["moviesWithRevenue"] else None
        f["returnRatio"] = f["both_revenue"] / f["both_budget"] if f["both_budget"] else None
        f["budgetTotal"] = f["budgetTotal"] or None
        f["revenueTotal"] = f["revenueTotal"] or None
    return figures


def fetch(base, token, path, **params):
    url = f"{base}/api/v1/insights/{path}?" + urllib.parse.urlencode(params)
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"} if token else {})
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def same(a, b):
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6)


def main():
    directory, base = sys.argv[1], sys.argv[2]
    token = sys.argv[3] if len(sys.argv) > 3 else None
    movies = load(directory)
    checked, mismatches = 0, []
    for by, names, bucket in (("month", list(calendar.month_name)[1:], lambda d: d.month - 1),
                              ("weekday", list(calendar.day_name), lambda d: d.weekday())):
        for filters in ({}, {"yearFrom": 1990, "yearTo": 1999}, {"genre": "drama"}):
            expected = [0] * len(names)
            for m in movies:
                if m["date"] and (not filters.get("yearFrom") or filters["yearFrom"] <= m["year"] <= filters["yearTo"]) \
                        and (not filters.get("genre") or "Drama" in m["genres"]):
                    expected[bucket(m["date"])] += 1
            answer = fetch(base, token, "releases", by=by, limit=12, **filters)
            got = [item["movies"] for item in answer["items"]]
            checked += 1
            if got != expected or [i["name"] for i in answer["items"]] != names:
                mismatches.append(f"releases by {by} {filters}: {got} != {expected}")
    for path, key in (("collections", lambda m: m["collection"]), ("companies", lambda m: m["companies"]),
                      ("countries", lambda m: m["countries"])):
        expected = groups(movies, key)
        answer = fetch(base, token, path, limit=1000, sort="revenueTotal")
        if answer["total"] != len(expected):
            mismatches.append(f"{path}: {answer['total']} groups != {len(expected)}")
        for item in answer["items"]:
            f = expected.get(item["name"])
            checked += 1
            if f is None:
                mismatches.append(f"{path}: {item['name']} is not in the files")
                continue
            for field in ("movies", "moviesWithBudget", "moviesWithRevenue", "budgetTotal", "revenueTotal", "revenueMean",
                          "returnRatio"):
                if not same(item.get(field), f[field]):
                    mismatches.append(f"{path} {item['name']} {field}: {item.get(field)} != {f[field]}")
    print(f"{len(movies)} movies recomputed from {directory}; {checked} answers compared; {len(mismatches)} differ")
    for m in mismatches[:20]:
        print("  " + m)
    sys.exit(1 if mismatches else 0)


if __name__ == "__main__":
    main()
