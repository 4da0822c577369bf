"""Print the record-vs-generator table of docs/resource.md §2 (simulator/inputs/resource/daily_report.py)."""
from simulator.inputs.resource.daily_report import all_comparisons, markdown_table

if __name__ == "__main__":
    print(markdown_table(all_comparisons()))
