"""``zhenwei inspections redraw PLAN``: re-run a plan's draw from its recorded seed and inputs and print
the recomputed result next to the stored one; exit 1 when they differ."""

import json
import sys

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Inspection tools: redraw PLAN (verify a recorded random draw)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        redraw = sub.add_parser("redraw", help="recompute a plan's draw and compare with the stored one")
        redraw.add_argument("plan", help="plan id")
        redraw.add_argument("--json", action="store_true", help="print both results as JSON")
        inputs = sub.add_parser("inputs", help="print a plan's recorded draw inputs (to publish)")
        inputs.add_argument("plan", help="plan id")

    def handle(self, *args, **options):
        from zhenwei.inspections.models import InspectionPlan
        from zhenwei.inspections.services import plan_redraw

        plan = (
            InspectionPlan.objects.filter(pk=options["plan"]).first()
            if str(options["plan"]).isdigit()
            else None
        )
        if plan is None:
            raise CommandError(f"no plan with id {options['plan']}")
        if options["action"] == "inputs":
            self.stdout.write(json.dumps(plan.draw_inputs, ensure_ascii=False, indent=1))
            return
        if not plan.draw_inputs:
            raise CommandError(f"plan {plan.pk} has not been drawn")
        recomputed, stored, same = plan_redraw(plan)
        if options["json"]:
            self.stdout.write(
                json.dumps({"recomputed": recomputed, "stored": stored, "same": same}, ensure_ascii=False)
            )
        else:
            self.stdout.write(
                f"plan {plan.pk} {plan.title}\nseed {plan.seed}  algorithm {recomputed['algorithm']}"
            )
            from zhenwei.registry.models import Enterprise

            ids = {t["enterprise"] for t in recomputed["targets"] + stored["targets"]}
            names = dict(Enterprise.objects.filter(pk__in=ids).values_list("pk", "name"))
            self.stdout.write(f"{'#':>3}  {'recomputed (subject: inspectors)':<40}  stored")
            rows = max(len(recomputed["targets"]), len(stored["targets"]))
            for i in range(rows):
                r = recomputed["targets"][i] if i < len(recomputed["targets"]) else None
                s = stored["targets"][i] if i < len(stored["targets"]) else None
                rs = f"{r['enterprise']}: {sorted(r['inspectors'])}" if r else "—"
                ss = f"{s['enterprise']}: {sorted(s['inspectors'])}" if s else "—"
                mark = "" if rs == ss else "  <-- differs"
                name = names.get((r or s)["enterprise"], "")
                self.stdout.write(f"{i + 1:>3}  {rs:<40}  {ss}{mark}  {name}")
        if not same:
            self.stderr.write("DIFFERENT: the stored draw does not match a re-run of its recorded inputs")
            sys.exit(1)
        self.stdout.write("same: the stored draw matches a re-run of its recorded seed and inputs")
