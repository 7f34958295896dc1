"""COCO box mAP following pycocotools' COCOeval (cocodataset/cocoapi, PythonAPI/pycocotools/cocoeval.py and
maskApi.c bbIou) line by line, in numpy: evaluateImg, accumulate, summarize for iouType 'bbox', areaRng 'all',
maxDets 100. pycocotools itself is not packaged by Debian (no python3-pycocotools), so the test runs this
transcription of its algorithm as the reference.

usage: coco_map.py FIXTURE.json  ->  {"map50": …, "map50_95": …, "per_class": {"<class>": {"ap50": …, "ap": …}}}
FIXTURE: {"truths": [{"image", "class", "bbox": [x, y, w, h], "iscrowd"}], "detections": [{"image", "class", "bbox", "score"}]}
"""
import json
import sys

import numpy as np


def bb_iou(dt, gt, iscrowd):
    # maskApi.c bbIou
    ious = np.zeros((len(dt), len(gt)))
    for g in range(len(gt)):
        ga = gt[g][2] * gt[g][3]
        for d in range(len(dt)):
            da = dt[d][2] * dt[d][3]
            w = min(dt[d][2] + dt[d][0], gt[g][2] + gt[g][0]) - max(dt[d][0], gt[g][0])
            if w <= 0:
                continue
            h = min(dt[d][3] + dt[d][1], gt[g][3] + gt[g][1]) - max(dt[d][1], gt[g][1])
            if h <= 0:
                continue
            o = w * h
            u = da if iscrowd[g] else da + ga - o
            ious[d, g] = o / u
    return ious


def main():
    fixture = json.load(open(sys.argv[1]))
    iou_thrs = np.linspace(.5, 0.95, int(np.round((0.95 - .5) / .05)) + 1, endpoint=True)
    rec_thrs = np.linspace(.0, 1.00, int(np.round((1.00 - .0) / .01)) + 1, endpoint=True)
    max_det = 100
    cat_ids = sorted({t["class"] for t in fixture["truths"]})
    img_ids = sorted({t["image"] for t in fixture["truths"]} | {d["image"] for d in fixture["detections"]})
    gts, dts = {}, {}
    for t in fixture["truths"]:
        gts.setdefault((t["image"], t["class"]), []).append(t)
    for d in fixture["detections"]:
        dts.setdefault((d["image"], d["class"]), []).append(d)
    T, R, K = len(iou_thrs), len(rec_thrs), len(cat_ids)
    precision = -np.ones((T, R, K))
    for k, cat in enumerate(cat_ids):
        evals = []
        for img in img_ids:
            gt = gts.get((img, cat), [])
            dt = dts.get((img, cat), [])
            if len(gt) == 0 and len(dt) == 0:
                continue
            # evaluateImg
            for g in gt:
                g["_ignore"] = 1 if g.get("iscrowd", 0) else 0
            gtind = np.argsort([g["_ignore"] for g in gt], kind="mergesort")
            gt = [gt[i] for i in gtind]
            dtind = np.argsort([-d["score"] for d in dt], kind="mergesort")
            dt = [dt[i] for i in dtind[0:max_det]]
            iscrowd = [int(g.get("iscrowd", 0)) for g in gt]
            ious = bb_iou([d["bbox"] for d in dt], [g["bbox"] for g in gt], iscrowd) if len(dt) and len(gt) else []
            G, D = len(gt), len(dt)
            gtm = np.zeros((T, G))
            dtm = np.zeros((T, D))
            gt_ig = np.array([g["_ignore"] for g in gt])
            dt_ig = np.zeros((T, D))
            if len(ious):
                for tind, t in enumerate(iou_thrs):
                    for dind, d in enumerate(dt):
                        iou = min([t, 1 - 1e-10])
                        m = -1
                        for gind, g in enumerate(gt):
                            if gtm[tind, gind] > 0 and not iscrowd[gind]:
                                continue
                            if m > -1 and gt_ig[m] == 0 and gt_ig[gind] == 1:
                                break
                            if ious[dind, gind] < iou:
                                continue
                            iou = ious[dind, gind]
                            m = gind
                        if m == -1:
                            continue
                        dt_ig[tind, dind] = gt_ig[m]
                        dtm[tind, dind] = gind + 1
                        gtm[tind, m] = dind + 1
            evals.append({"dtScores": [d["score"] for d in dt], "dtMatches": dtm, "dtIgnore": dt_ig, "gtIgnore": gt_ig})
        # accumulate
        if not evals:
            continue
        dt_scores = np.concatenate([e["dtScores"][0:max_det] for e in evals])
        inds = np.argsort(-dt_scores, kind="mergesort")
        dtm = np.concatenate([e["dtMatches"][:, 0:max_det] for e in evals], axis=1)[:, inds]
        dt_ig = np.concatenate([e["dtIgnore"][:, 0:max_det] for e in evals], axis=1)[:, inds]
        gt_ig = np.concatenate([e["gtIgnore"] for e in evals])
        npig = np.count_nonzero(gt_ig == 0)
        if npig == 0:
            continue
        tps = np.logical_and(dtm, np.logical_not(dt_ig))
        fps = np.logical_and(np.logical_not(dtm), np.logical_not(dt_ig))
        tp_sum = np.cumsum(tps, axis=1).astype(dtype=float)
        fp_sum = np.cumsum(fps, axis=1).astype(dtype=float)
        for t, (tp, fp) in enumerate(zip(tp_sum, fp_sum)):
            tp = np.array(tp)
            fp = np.array(fp)
            nd = len(tp)
            rc = tp / npig
            pr = tp / (fp + tp + np.spacing(1))
            q = np.zeros((R,))
            pr = pr.tolist()
            q = q.tolist()
            for i in range(nd - 1, 0, -1):
                if pr[i] > pr[i - 1]:
                    pr[i - 1] = pr[i]
            inds_r = np.searchsorted(rc, rec_thrs, side="left")
            try:
                for ri, pi in enumerate(inds_r):
                    q[ri] = pr[pi]
            except IndexError:
                pass
            precision[t, :, k] = np.array(q)
    # summarize
    def mean_valid(s):
        s = s[s > -1]
        return -1 if len(s) == 0 else float(np.mean(s))

    per_class = {}
    for k, cat in enumerate(cat_ids):
        per_class[str(cat)] = {"ap50": mean_valid(precision[0, :, k]), "ap": mean_valid(precision[:, :, k])}
    print(json.dumps({"map50": mean_valid(precision[0]), "map50_95": mean_valid(precision), "per_class": per_class}))


main()
