#!/usr/bin/python3
"""Print one Markdown table from the run folders that compare.sh wrote.

Usage: summarize.py FOLDER

Each run folder contains run.json (time and memory) and judge.json (the scorer's output).
"model s" is the time to vectorize and cluster: TrendBoard's tokenize, vectorize, topic count
and cluster stages, or scikit-learn's vectorize and fit. "fit s" is the whole call: for
TrendBoard it adds labels, keywords and metrics.
"""
import json
import os
import sys


def load(path):
    with open(path) as handle:
        return json.load(handle)


def cell(value, digits=3):
    return "" if value is None else ("%.*f" % (digits, value))


def main():
    folder = sys.argv[1]
    print("| corpus | candidate | topics | model s | fit s | CPU s | peak MiB | NPMI (own) | NPMI (scorer) "
          "| diversity@25 | NMI | NMI, outliers as cluster | outlier share |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name in sorted(os.listdir(folder)):
        run_path = os.path.join(folder, name, "run.json")
        judge_path = os.path.join(folder, name, "judge.json")
        if not (os.path.exists(run_path) and os.path.exists(judge_path)):
            continue
        run, judge = load(run_path), load(judge_path)
        metrics = run.get("metrics", {})
        labels = judge.get("labels", {})
        stages = run.get("stage_seconds", {})
        model_seconds = run.get("model_seconds")
        if model_seconds is None:
            model_seconds = sum(stages.get(s, 0) for s in ("tokenize", "vectorize", "choose topic count", "cluster"))
        print("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            judge["corpus"], run["candidate"], judge["n_topics"],
            cell(model_seconds, 1), cell(run["fit_seconds"], 1), cell(run.get("cpu_seconds"), 1),
            cell(run["peak_working_set_mi_b"], 0),
            cell(metrics.get("npmi_window")), cell(judge["coherence"].get("c_npmi")),
            cell(judge["diversity"]["top25"], 2), cell(labels.get("nmi")),
            cell(labels.get("nmi_outliers_as_cluster")),
            cell(judge["assignments"]["outlier_share"])))


if __name__ == "__main__":
    main()
