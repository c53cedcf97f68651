"""Command line: ``python -m churnlab compare`` and ``python -m churnlab bench``."""

from __future__ import annotations

import argparse
import json
import sys


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m churnlab",
        description="Compare imbalance techniques on churn data, honestly.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    compare = sub.add_parser(
        "compare",
        help="train each technique on repeated stratified splits and print a leaderboard",
    )
    compare.add_argument(
        "--techniques",
        help="comma-separated names (default: all); see --list",
    )
    compare.add_argument("--list", action="store_true", help="list the techniques and exit")
    compare.add_argument("--repeats", type=int, default=5, help="number of splits (default 5)")
    compare.add_argument("--seed", type=int, default=0, help="split i uses seed + i (default 0)")
    compare.add_argument("--out", default="reports", help="output folder (default reports)")
    compare.add_argument("--csv", help="your own CSV with a binary target, instead of Telco")
    compare.add_argument("--target", help="the target column of --csv")
    compare.add_argument(
        "--positive", help="the positive class's value in --target (inferred for yes/no, 0/1)"
    )
    compare.add_argument("--quiet", action="store_true", help="no progress bar")

    bench = sub.add_parser("bench", help="time our ANN fit against the video's recipe")
    bench.add_argument("--repeats", type=int, default=3, help="fits per side (default 3)")
    bench.add_argument("--seed", type=int, default=0, help="split seed (default 0)")
    bench.add_argument("--out", help="also write OUT/bench.json")
    bench.add_argument(
        "--scale", action="store_true", help="also time each technique on growing training sets"
    )
    bench.add_argument(
        "--recipe-epochs", type=int, default=100, help=argparse.SUPPRESS
    )  # smaller only for smoke tests
    return parser


def _positive_value(raw: str | None, column):
    """Match the command line's text to the column's type (``--positive 1`` on ints)."""
    if raw is None:
        return None
    for value in column.dropna().unique():
        if str(value) == raw:
            return value
    return raw


def _compare(args, parser) -> None:
    from churnlab.compare import TECHNIQUES, leaderboard_markdown, run_compare
    from churnlab.data import load_csv

    if args.list:
        for name, technique in TECHNIQUES.items():
            print(f"{name:18} {technique.description}")
        return
    if args.csv is None and (args.target or args.positive):
        parser.error("--target and --positive go with --csv FILE.")
    if args.csv is not None and not args.target:
        parser.error("--csv needs --target COLUMN: the name of the binary column to predict.")
    techniques = args.techniques.split(",") if args.techniques else None
    df = positive = None
    if args.csv is not None:
        df = load_csv(args.csv, target=args.target)
        positive = _positive_value(args.positive, df[args.target])
    board = run_compare(
        df,
        args.target,
        positive=positive,
        techniques=techniques,
        repeats=args.repeats,
        seed=args.seed,
        out=args.out,
        progress=not args.quiet,
    )
    print(leaderboard_markdown(board), end="")
    print(f"\nWrote {args.out}/leaderboard.csv, leaderboard.md, leaderboard.png, predictions.csv")


def _bench(args) -> None:
    from churnlab.compare import bench, bench_scale

    result = bench(args.repeats, args.seed, args.out, recipe_epochs=args.recipe_epochs)
    print(
        f"ours:   {result['ours_fit_seconds']:.2f} s per fit (median), "
        f"test ROC-AUC {result['ours_roc_auc']:.3f}\n"
        f"recipe: {result['recipe_fit_seconds']:.2f} s per fit (median), "
        f"test ROC-AUC {result['recipe_roc_auc']:.3f}\n"
        f"ratio:  {result['ratio']:.3f} (ours / recipe)"
    )
    if args.scale:
        table = bench_scale(seed=args.seed)
        print("\nFit seconds by training rows:\n" + table.round(2).to_string())
        if args.out:
            table.to_csv(f"{args.out}/bench_scale.csv")
    if args.out:
        print(json.dumps(result))


def main(argv=None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "compare":
            _compare(args, parser)
        else:
            _bench(args)
    except (ValueError, FileNotFoundError) as error:
        parser.exit(2, f"{parser.prog} {args.command}: error: {error}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
