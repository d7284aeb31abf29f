#!/usr/bin/env bash
# Runs glm_reference.R on the sample and (when present) the shared datasets,
# with the options the tests use. Needs Rscript (Debian's r-base-core).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared/datasets
Rscript scripts/reference/glm_reference.R sample datasets/leads_sample.csv converted "" ""
if [ -d "$shared" ]; then
    Rscript scripts/reference/glm_reference.R bank "$shared/bank_marketing_full.csv" y "" ""
    Rscript scripts/reference/glm_reference.R xeducation "$shared/xeducation_leads.csv" Converted \
        "Prospect ID|Lead Number|Tags|Lead Quality|What is your current occupation|Lead Profile" "Select" 1e-10
fi
