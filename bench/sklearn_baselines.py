#!/usr/bin/python3
"""Fit scikit-learn baselines on corpus A or B and write the files the scorer reads.

Usage:
  sklearn_baselines.py --judge-dir DIR --corpus A|B --model kmeans|nmf|lda
                       --topics K --seed N --out FOLDER

The corpus loader and tokenizer come from the scorer's own corpus.py in DIR, so the
baselines' terms live in the vocabulary the scorer counts. Writes topics.csv
(topic_id,rank,term; 25 terms per topic), assignments.csv (paper_id,topic_id) and
run.json (vectorize and fit seconds, peak resident memory in MiB).
"""
import argparse
import csv
import json
import os
import resource
import sys
import time

import numpy as np

TERMS_PER_TOPIC = 25


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--judge-dir", required=True, help="folder that contains the scorer's corpus.py")
    parser.add_argument("--corpus", required=True, choices=["A", "B"])
    parser.add_argument("--model", required=True, choices=["kmeans", "nmf", "lda"])
    parser.add_argument("--topics", type=int, default=20)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    sys.path.insert(0, args.judge_dir)
    import corpus as corpus_module
    from sklearn.cluster import KMeans
    from sklearn.decomposition import NMF, LatentDirichletAllocation
    from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

    corpus = corpus_module.load(args.corpus)

    start = time.perf_counter()
    vectorizer_type = CountVectorizer if args.model == "lda" else TfidfVectorizer
    vectorizer = vectorizer_type(tokenizer=corpus_module.tokenize, lowercase=False,
                                 token_pattern=None, min_df=5, max_df=0.5)
    matrix = vectorizer.fit_transform(corpus.texts)
    vectorize_seconds = time.perf_counter() - start
    vocabulary = np.array(vectorizer.get_feature_names_out())

    start = time.perf_counter()
    if args.model == "nmf":
        model = NMF(n_components=args.topics, init="nndsvda", random_state=args.seed, max_iter=200)
        weights = model.fit_transform(matrix)
        components = model.components_
        labels = weights.argmax(axis=1)
        labels[weights.max(axis=1) == 0] = -1
    elif args.model == "kmeans":
        model = KMeans(n_clusters=args.topics, n_init=1, random_state=args.seed)
        labels = model.fit_predict(matrix)
        components = model.cluster_centers_
    else:
        model = LatentDirichletAllocation(n_components=args.topics, learning_method="online",
                                          random_state=args.seed, n_jobs=1)
        weights = model.fit_transform(matrix)
        components = model.components_
        labels = weights.argmax(axis=1)
    fit_seconds = time.perf_counter() - start

    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "topics.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["topic_id", "rank", "term"])
        for topic, row in enumerate(components):
            for rank, index in enumerate(np.argsort(-row)[:TERMS_PER_TOPIC], start=1):
                writer.writerow([topic, rank, vocabulary[index]])
    with open(os.path.join(args.out, "assignments.csv"), "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["paper_id", "topic_id"])
        for paper_id, label in zip(corpus.ids, labels):
            writer.writerow([paper_id, int(label)])

    run = {
        "candidate": "sklearn-" + args.model,
        "papers": len(corpus.ids),
        "topics": args.topics,
        "seed": args.seed,
        "vectorize_seconds": round(vectorize_seconds, 2),
        "fit_seconds": round(vectorize_seconds + fit_seconds, 2),
        "model_seconds": round(vectorize_seconds + fit_seconds, 2),
        "peak_working_set_mi_b": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0,
        "cpu_seconds": round(time.process_time(), 2),
        "vocabulary": len(vocabulary),
    }
    with open(os.path.join(args.out, "run.json"), "w") as handle:
        json.dump(run, handle, indent=2)
    print("%s on %s: vectorize %.1f s, fit %.1f s, peak %.0f MiB" % (
        run["candidate"], args.corpus, vectorize_seconds, fit_seconds, run["peak_working_set_mi_b"]))


if __name__ == "__main__":
    main()
