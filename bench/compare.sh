#!/usr/bin/env bash
# Fits every topic model candidate and the scikit-learn baselines on corpus A (the bundled
# Daily Papers archive) and corpus B (arXiv listings), scores each run with the independent
# scorer, and prints one Markdown table.
#
# Usage: bench/compare.sh --judge-dir DIR --arxiv-dir DIR [--out FOLDER] [--corpora "A B"]
#   --judge-dir  folder with the scorer (judge.py and corpus.py; needs python3-sklearn and
#                python3-gensim for /usr/bin/python3)
#   --arxiv-dir  folder with the arXiv listing files (*.jsonl) that the scorer reads as corpus B
#   --out        folder for the runs; default /tmp/trendboard-bench
#   --corpora    corpora to run; default "A B"
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=/tmp/trendboard-bench
corpora="A B"
judge_dir=""
arxiv_dir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --judge-dir) judge_dir=$2; shift 2 ;;
    --arxiv-dir) arxiv_dir=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --corpora) corpora=$2; shift 2 ;;
    *) echo "Unknown option '$1'; see the usage at the top of $0." >&2; exit 2 ;;
  esac
done
if [ -z "$judge_dir" ] || [ ! -f "$judge_dir/judge.py" ]; then
  echo "Pass --judge-dir with the folder that contains judge.py." >&2; exit 2
fi
if [[ " $corpora " == *" B "* ]] && [ ! -d "$arxiv_dir" ]; then
  echo "Pass --arxiv-dir with the folder of arXiv listing files (*.jsonl) for corpus B." >&2; exit 2
fi

mkdir -p "$out"
dotnet build -c Release "$root/bench/TrendBoard.TopicBench" -v quiet -nologo >/dev/null
bench="$root/bench/TrendBoard.TopicBench/bin/Release/net10.0/TrendBoard.TopicBench"

judge() {
  local corpus=$1 run=$2
  (cd "$judge_dir" && /usr/bin/python3 judge.py --corpus "$corpus" --measures c_npmi --processes 2 \
    --topics "$run/topics.csv" --assignments "$run/assignments.csv" --out "$run/judge.json" >/dev/null)
}

for corpus in $corpora; do
  if [ "$corpus" = A ]; then
    source_args=(--corpus "$root/data/hf-daily-papers" --format hf)
  else
    source_args=(--corpus "$arxiv_dir" --format arxiv)
  fi

  # name, candidate, topics
  while read -r name candidate topics; do
    run="$out/$corpus-$name"
    "$bench" "${source_args[@]}" --candidate "$candidate" --topics "$topics" --out "$run" | head -1
    judge "$corpus" "$run"
  done <<'RUNS'
nmf nmf 20
kmeans kmeans 20
nmf-kmeans nmf-kmeans 20
lda lda 20
nmf-auto nmf auto
RUNS

  for model in kmeans nmf lda; do
    run="$out/$corpus-sklearn-$model"
    /usr/bin/python3 "$root/bench/sklearn_baselines.py" --judge-dir "$judge_dir" --corpus "$corpus" \
      --model "$model" --topics 20 --out "$run"
    judge "$corpus" "$run"
  done
done

/usr/bin/python3 "$root/bench/summarize.py" "$out"
