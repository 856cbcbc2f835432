"""A weight sweep over the US–Belarus diplomatic tie: as it moves from hostile to warm in late
2025, which blocs does the analysis find, and how balanced is the graph?

Run from the repository root: python3 examples/python/sweep.py
Each step is a scenario applied in memory: nothing is written, the base is read once.
"""

import detente

AT = "2025-12-15"

graph = detente.open("graphs/us-belarus.yaml")
base = detente.Scenario.new(base=graph, title="USA–BLR weight sweep")

print(f"USA–BLR diplomatic weight on {AT}: balance and blocs of the states")
print(f"{'weight':>6}  {'balanced triangles':>18}  {'frustration':>11}  blocs")
for step in range(-4, 5):
    weight = step / 4
    scenario = base.copy().set(
        between=("USA", "BLR"), kind="diplomatic", date="2025-12-14", weight=weight
    )
    result = scenario.apply().analyze(
        AT, metrics=["balance", "frustration", "blocs"], level="state"
    )
    balance = result["balance"]
    blocs = " | ".join(" ".join(bloc["actors"]) for bloc in result["blocs"])
    print(
        f"{weight:>6.2f}  {balance['ratio']:>18}  {balance['frustration']['index']:>11}  {blocs}"
    )
