// The end-to-end peer of Onboard's closed loop: what a C++ team ships for the same job. One BGR24 frame,
// again and again: OpenCV letterbox (resize + copyMakeBorder(114)) + blobFromImage(1/255, swapRB) into a
// 1x3xSxS float32 tensor, ONNX Runtime (CPU provider, the same version as ours, intra-op threads as given,
// IoBinding-free Run over preallocated tensors), then YOLOv8 decode + per-class NMS (cv::dnn::NMSBoxes on class-offset boxes, Ultralytics'
// trick: Debian's OpenCV 4.6 predates NMSBoxesBatched) and the boxes mapped back to the frame. Times itself; prints one JSON line (medians over the timed iterations).
//
// usage: closed_loop MODEL.onnx FRAME.bgr WIDTH HEIGHT THREADS ITERATIONS [WARMUP]
#include <onnxruntime_cxx_api.h>
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

constexpr float kConf = 0.25f;   // Onboard's defaults (DetectorSettings)
constexpr float kIou = 0.7f;
constexpr int kMaxDet = 300;
constexpr double kClassOffset = 7680;  // Ultralytics' max_wh: boxes of different classes never overlap

using Clock = std::chrono::steady_clock;

double Ms(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double, std::milli>(b - a).count(); }

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// Ultralytics' LetterBox arithmetic, as the Python and C# peers use it.
struct Letterbox {
  float gain;
  int w, h, left, top, right, bottom;
  Letterbox(int srcW, int srcH, int size) {
    gain = std::min(static_cast<float>(size) / srcH, static_cast<float>(size) / srcW);
    w = static_cast<int>(std::lround(srcW * gain));
    h = static_cast<int>(std::lround(srcH * gain));
    double dw = (size - w) / 2.0, dh = (size - h) / 2.0;
    left = static_cast<int>(std::lround(dw - 0.1));
    right = static_cast<int>(std::lround(dw + 0.1));
    top = static_cast<int>(std::lround(dh - 0.1));
    bottom = static_cast<int>(std::lround(dh + 0.1));
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 7) {
    std::fprintf(stderr, "usage: %s MODEL.onnx FRAME.bgr WIDTH HEIGHT THREADS ITERATIONS [WARMUP]\n", argv[0]);
    return 2;
  }
  const std::string model = argv[1];
  const int width = std::stoi(argv[3]), height = std::stoi(argv[4]), threads = std::stoi(argv[5]);
  const int iterations = std::stoi(argv[6]), warmup = argc > 7 ? std::stoi(argv[7]) : 3;

  std::vector<unsigned char> pixels(static_cast<size_t>(width) * height * 3);
  std::ifstream in(argv[2], std::ios::binary);
  if (!in.read(reinterpret_cast<char*>(pixels.data()), static_cast<std::streamsize>(pixels.size()))) {
    std::fprintf(stderr, "%s: expected %zu bytes of BGR24\n", argv[2], pixels.size());
    return 2;
  }
  cv::Mat frame(height, width, CV_8UC3, pixels.data());
  cv::setNumThreads(threads);

  Ort::Env env(ORT_LOGGING_LEVEL_WARNING, "closed_loop");
  Ort::SessionOptions options;
  options.SetIntraOpNumThreads(threads);
  options.SetInterOpNumThreads(1);
  options.SetGraphOptimizationLevel(GraphOptimizationLevel::ORT_ENABLE_ALL);
  Ort::Session session(env, model.c_str(), options);
  Ort::AllocatorWithDefaultOptions allocator;
  std::vector<int64_t> inShape = session.GetInputTypeInfo(0).GetTensorTypeAndShapeInfo().GetShape();
  std::vector<int64_t> outShape = session.GetOutputTypeInfo(0).GetTensorTypeAndShapeInfo().GetShape();
  const int size = static_cast<int>(inShape[3]);
  const int channels = static_cast<int>(outShape[1]), anchors = static_cast<int>(outShape[2]), classes = channels - 4;
  Ort::AllocatedStringPtr inName = session.GetInputNameAllocated(0, allocator);
  Ort::AllocatedStringPtr outName = session.GetOutputNameAllocated(0, allocator);
  const char* inNames[] = {inName.get()};
  const char* outNames[] = {outName.get()};

  std::vector<float> output(static_cast<size_t>(channels) * anchors);
  Ort::MemoryInfo cpu = Ort::MemoryInfo::CreateCpu(OrtArenaAllocator, OrtMemTypeDefault);
  Ort::Value outValue = Ort::Value::CreateTensor<float>(cpu, output.data(), output.size(), outShape.data(), outShape.size());
  const Letterbox lb(width, height, size);
  cv::Mat resized, padded, blob;
  std::vector<cv::Rect2d> boxes;
  std::vector<float> scores;
  std::vector<int> classIds, keep;
  std::vector<double> pre, infer, post, total;
  size_t kept = 0;

  for (int i = 0; i < warmup + iterations; i++) {
    Clock::time_point t0 = Clock::now();
    cv::resize(frame, resized, cv::Size(lb.w, lb.h), 0, 0, cv::INTER_LINEAR);
    cv::copyMakeBorder(resized, padded, lb.top, lb.bottom, lb.left, lb.right, cv::BORDER_CONSTANT, cv::Scalar(114, 114, 114));
    cv::dnn::blobFromImage(padded, blob, 1 / 255.0, cv::Size(size, size), cv::Scalar(), true, false, CV_32F);
    Clock::time_point t1 = Clock::now();
    Ort::Value inValue = Ort::Value::CreateTensor<float>(cpu, blob.ptr<float>(), blob.total(), inShape.data(), inShape.size());
    session.Run(Ort::RunOptions{nullptr}, inNames, &inValue, 1, outNames, &outValue, 1);
    Clock::time_point t2 = Clock::now();
    // Decode: the best class per anchor over the contiguous class rows (the fast form), then the boxes.
    boxes.clear();
    scores.clear();
    classIds.clear();
    const float* o = output.data();
    for (int a = 0; a < anchors; a++) {
      float best = 0;
      int cls = 0;
      for (int c = 0; c < classes; c++) {
        float s = o[static_cast<size_t>(4 + c) * anchors + a];
        if (s > best) { best = s; cls = c; }
      }
      if (best > kConf) {
        float cx = o[a], cy = o[anchors + a], w = o[2 * anchors + a], h = o[3 * anchors + a];
        boxes.emplace_back(cx - w / 2 + cls * kClassOffset, cy - h / 2 + cls * kClassOffset, w, h);
        scores.push_back(best);
        classIds.push_back(cls);
      }
    }
    cv::dnn::NMSBoxes(boxes, scores, kConf, kIou, keep, 1.f, kMaxDet);
    for (int k : keep) {  // without the class offset, back through the letterbox to frame pixels, clipped
      cv::Rect2d& b = boxes[k];
      b.x -= classIds[k] * kClassOffset;
      b.y -= classIds[k] * kClassOffset;
      double x1 = std::clamp((b.x - lb.left) / lb.gain, 0.0, double(width)), y1 = std::clamp((b.y - lb.top) / lb.gain, 0.0, double(height));
      double x2 = std::clamp((b.x + b.width - lb.left) / lb.gain, 0.0, double(width)), y2 = std::clamp((b.y + b.height - lb.top) / lb.gain, 0.0, double(height));
      b = cv::Rect2d(x1, y1, x2 - x1, y2 - y1);
    }
    kept = keep.size();
    Clock::time_point t3 = Clock::now();
    if (i >= warmup) {
      pre.push_back(Ms(t0, t1));
      infer.push_back(Ms(t1, t2));
      post.push_back(Ms(t2, t3));
      total.push_back(Ms(t0, t3));
    }
  }
  std::printf("{\"median_ms\": %.4f, \"preprocess_ms\": %.4f, \"infer_ms\": %.4f, \"postprocess_ms\": %.4f, \"kept\": %zu, \"candidates\": %zu, \"opencv\": \"%s\", \"ort\": \"%s\"}\n",
              Median(total), Median(pre), Median(infer), Median(post), kept, boxes.size(), CV_VERSION, Ort::GetVersionString().c_str());
  return 0;
}
