# compare_reference.R: the paired DeLong test by R's pROC, for leadscore's
# compare. Reads a CSV with columns y (0/1), a, b (two scorers' values for the
# same leads) and writes one JSON object: both AUCs, the difference, its 95%
# interval, z and the two-sided p of
#   pROC::roc.test(roc_a, roc_b, method = "delong", paired = TRUE)
# with direction "<" (higher values rank as converting, as leadscore ranks).
# usage: Rscript compare_reference.R IN.csv OUT.json
suppressMessages(library(pROC))
args <- commandArgs(trailingOnly = TRUE)
d <- read.csv(args[1])
ra <- roc(d$y, d$a, levels = c(0, 1), direction = "<", quiet = TRUE)
rb <- roc(d$y, d$b, levels = c(0, 1), direction = "<", quiet = TRUE)
t <- roc.test(ra, rb, method = "delong", paired = TRUE)
num <- function(x) formatC(as.numeric(x), digits = 17, format = "g")
json <- sprintf(paste0('{"pROC": "%s", "leads": %d, "converted": %d, "auc_a": %s, "auc_b": %s, ',
                       '"auc_difference": %s, "ci_lo": %s, "ci_hi": %s, "z": %s, "p": %s}\n'),
                as.character(packageVersion("pROC")), nrow(d), sum(d$y), num(auc(ra)), num(auc(rb)),
                num(auc(ra) - auc(rb)), num(t$conf.int[1]), num(t$conf.int[2]), num(t$statistic), num(t$p.value))
cat(json, file = args[2])
