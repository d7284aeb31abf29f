#!/usr/bin/env bash
# Runs glm_reference.R on the sample and (when present) the shared datasets,
# with the options the tests use: each once on all rows, and once fitted on
# the first rows only with predictions for the held-out rest (<name>_split).
# Needs Rscript (Debian's r-base-core).
set -euo pipefail
cd "$(dirname "$0")/../.."
shared=../shared/datasets
xe_exclude="Prospect ID|Lead Number|Tags|Lead Quality|What is your current occupation|Lead Profile"
Rscript scripts/reference/glm_reference.R sample datasets/leads_sample.csv converted "" "" 1e-14
Rscript scripts/reference/glm_reference.R sample_split datasets/leads_sample.csv converted "" "" 1e-14 16001
if [ -d "$shared" ]; then
    Rscript scripts/reference/glm_reference.R bank "$shared/bank_marketing_full.csv" y "" "" 1e-14
    Rscript scripts/reference/glm_reference.R bank_split "$shared/bank_marketing_full.csv" y "" "" 1e-14 40001
    Rscript scripts/reference/glm_reference.R xeducation "$shared/xeducation_leads.csv" Converted "$xe_exclude" "Select" 1e-10
    Rscript scripts/reference/glm_reference.R xeducation_split "$shared/xeducation_leads.csv" Converted "$xe_exclude" \
        "Select" 1e-10 8001
fi
