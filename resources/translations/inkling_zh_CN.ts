<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>ActivationsPage</name>
    <message>
        <source>MSE against the prediction</source>
        <translation>MSE vs 预测值</translation>
    </message>
    <message>
        <source>Custom loss against the prediction</source>
        <translation>自定义损失函数 vs 预测值</translation>
    </message>
    <message>
        <source>Cross-entropy against p(right class)</source>
        <translation>交叉熵 vs p(正确类别)</translation>
    </message>
    <message>
        <source>Softmax + cross-entropy against the right class&apos;s score</source>
        <translation>softmax + 交叉熵 vs 正确类别得分</translation>
    </message>
    <message>
        <source>Activations</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Losses</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>f(x) and its derivative</source>
        <translation>f(x) 及其导数</translation>
    </message>
    <message>
        <source>Yoghurt: learned weights (truth: 1)</source>
        <translation>酸奶：学到的权重（真实值：1）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Yoghurt: loss</source>
        <translation>酸奶：损失</translation>
    </message>
    <message>
        <source>{0}: w1 = {1}, w2 = {2}; predictions lean {3} yoghurts a day.</source>
        <translation>{0}：w1 = {1}，w2 = {2}；预测每天偏 {3} 瓶酸奶。</translation>
    </message>
</context>
<context>
    <name>AugmentPanel</name>
    <message>
        <source>Augmentation</source>
        <translation>数据增强</translation>
    </message>
    <message>
        <source>Vary the training images randomly</source>
        <translation>随机变换训练图片</translation>
    </message>
    <message>
        <source>Course settings</source>
        <translation>课程设置</translation>
    </message>
    <message>
        <source>Gentle for digits</source>
        <translation>适合数字的轻度增强</translation>
    </message>
    <message>
        <source>New samples</source>
        <translation>换一批样本</translation>
    </message>
    <message>
        <source>Left: an original training image; right: what augmentation makes of it.</source>
        <translation type="vanished">左：一张原始训练图片；右：数据增强后的样子。</translation>
    </message>
    <message>
        <source>Rotation ±</source>
        <translation>旋转 ±</translation>
    </message>
    <message>
        <source>Width shift ±</source>
        <translation>水平平移 ±</translation>
    </message>
    <message>
        <source>A share of the width.</source>
        <translation>占宽度的比例。</translation>
    </message>
    <message>
        <source>Height shift ±</source>
        <translation>垂直平移 ±</translation>
    </message>
    <message>
        <source>A share of the height.</source>
        <translation>占高度的比例。</translation>
    </message>
    <message>
        <source>Zoom ±</source>
        <translation>缩放 ±</translation>
    </message>
    <message>
        <source>Scale between 1 − zoom and 1 + zoom.</source>
        <translation>在 1 − 缩放 与 1 + 缩放 之间随机缩放。</translation>
    </message>
    <message>
        <source>Shear ±</source>
        <translation>错切 ±</translation>
    </message>
    <message>
        <source>Slant, as in italic handwriting.</source>
        <translation>倾斜，像斜体手写那样。</translation>
    </message>
    <message>
        <source>Stroke ±</source>
        <translation>笔画 ±</translation>
    </message>
    <message>
        <source>Thinner or thicker pen strokes.</source>
        <translation>笔画变细或变粗。</translation>
    </message>
    <message>
        <source>Even pen</source>
        <translation>均匀笔画</translation>
    </message>
    <message>
        <source>This share of digits is drawn again along its centre lines with a pen of one width, as on the Draw tab.</source>
        <translation>这一比例的数字沿中心线用同一粗细的笔重画，就像在“手写”页上画的一样。</translation>
    </message>
    <message>
        <source>sample</source>
        <translation>样本</translation>
    </message>
    <message>
        <source>MNIST sample</source>
        <translation type="vanished">MNIST 样本</translation>
    </message>
    <message>
        <source>Low resolution</source>
        <translation type="vanished">低分辨率</translation>
    </message>
    <message>
        <source>This share of digits is blurred as if scanned or filmed small.</source>
        <translation type="vanished">这一比例的数字被模糊处理，如同以很小的尺寸扫描或拍摄。</translation>
    </message>
    <message>
        <source>Cut a little off</source>
        <translation>切分略有偏差</translation>
    </message>
    <message>
        <source>This share of digits gets a strip of a neighbouring digit or loses a strip of its own, as when digits written touching are cut apart a little off.</source>
        <translation>这一比例的数字多带上相邻数字的一条，或少掉自己的一条，就像把连在一起写的数字切开时切得略有偏差。</translation>
    </message>
    <message>
        <source> px</source>
        <translation> 像素</translation>
    </message>
    <message>
        <source>Left: an original training image (until the chosen data is on this computer, a digit of the MNIST sample shipped with Inkling); right: what augmentation makes of it.</source>
        <translation>左：一张原始训练图片（所选数据还不在这台电脑上时，是 Inkling 自带的 MNIST 样本中的一个数字）；右：数据增强后的样子。</translation>
    </message>
    <message>
        <source>No images to preview.</source>
        <translation>没有可预览的图片。</translation>
    </message>
    <message>
        <source>original</source>
        <translation>原图</translation>
    </message>
</context>
<context>
    <name>Bars</name>
    <message>
        <source>{0}, unit {1}: {2}</source>
        <translation>{0}，单元 {1}：{2}</translation>
    </message>
</context>
<context>
    <name>ClassicPage</name>
    <message>
        <source>Test &amp;&amp; Score</source>
        <translation>测试与评分</translation>
    </message>
    <message>
        <source>Decision regions</source>
        <translation>决策区域</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>Silhouette &amp;&amp; tree</source>
        <translation>轮廓系数与决策树</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>CV mean ± std</source>
        <translation>CV 均值 ± 标准差</translation>
    </message>
    <message>
        <source>Fit (ms)</source>
        <translation>拟合（毫秒）</translation>
    </message>
    <message>
        <source>Silhouette</source>
        <translation>轮廓系数</translation>
    </message>
    <message>
        <source>Confusion matrix (rows: true, columns: predicted)</source>
        <translation>混淆矩阵（行：真实，列：预测）</translation>
    </message>
    <message>
        <source>Click a cell of the matrix to see its samples.</source>
        <translation>点击矩阵中的格子，查看其中的样本。</translation>
    </message>
    <message>
        <source>Decision regions need two features: choose data with two (dots), or name two in Features (e.g. petal length, petal width).</source>
        <translation>决策区域需要两个特征：选择只有两个特征的数据（dots），或在“特征”中填写两个（例如 petal length, petal width）。</translation>
    </message>
    <message>
        <source>SVM C</source>
        <translation>SVM C</translation>
    </message>
    <message>
        <source>KNN k</source>
        <translation>KNN k</translation>
    </message>
    <message>
        <source>Tree depth</source>
        <translation>树深度</translation>
    </message>
    <message>
        <source>Forest trees</source>
        <translation>森林树数</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>CV accuracy</source>
        <translation>交叉验证准确率</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>目前最佳</translation>
    </message>
    <message>
        <source>trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Validation curve</source>
        <translation>验证曲线</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>cross-validation</source>
        <translation>交叉验证</translation>
    </message>
    <message>
        <source>KMeans silhouette</source>
        <translation>KMeans 轮廓系数</translation>
    </message>
    <message>
        <source>k</source>
        <translation>k</translation>
    </message>
    <message>
        <source>silhouette</source>
        <translation>轮廓系数</translation>
    </message>
    <message>
        <source>The fitted decision tree appears here.</source>
        <translation>拟合出的决策树显示在这里。</translation>
    </message>
    <message>
        <source>As text</source>
        <translation>以文本显示</translation>
    </message>
    <message>
        <source>The same tree as scikit-learn&apos;s export_text</source>
        <translation>同一棵树，scikit-learn 的 export_text 文本</translation>
    </message>
    <message>
        <source>Wheel: zoom; drag: move.</source>
        <translation>滚轮：缩放；拖动：移动。</translation>
    </message>
    <message>
        <source>Confusion matrix: {0}</source>
        <translation>混淆矩阵：{0}</translation>
    </message>
    <message>
        <source>{0} test samples of {1} predicted as {2}</source>
        <translation>{0} 个 {1} 类测试样本被预测为 {2}</translation>
    </message>
    <message>
        <source>{0}: refit and redrawn {1} ms after the change</source>
        <translation>{0}：改动后 {1} 毫秒重新拟合并绘制</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>{0}: {1} models on {2} samples; best test accuracy {3} ({4})</source>
        <translation>{0}：{1} 个模型，{2} 个样本；最佳测试准确率 {3}（{4}）</translation>
    </message>
    <message>
        <source>; {0} rows skipped</source>
        <translation>；跳过 {0} 行</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>Tick earlier runs to draw their validation curves (dashed) for comparison.</source>
        <translation>勾选以前的训练，把它们的验证曲线（虚线）画出来对比。</translation>
    </message>
    <message>
        <source>Compare with earlier runs</source>
        <translation>与以前的训练对比</translation>
    </message>
    <message>
        <source>Refresh list</source>
        <translation>刷新列表</translation>
    </message>
    <message>
        <source>No earlier runs yet.</source>
        <translation>还没有以前的训练。</translation>
    </message>
    <message numerus="yes">
        <source>%n ep</source>
        <translation>
            <numerusform>%n 轮</numerusform>
        </translation>
    </message>
    <message>
        <source>best val {0}</source>
        <translation>最佳验证 {0}</translation>
    </message>
</context>
<context>
    <name>CompilePanel</name>
    <message>
        <source>3 · Compile: optimizer and learning rate</source>
        <translation>3 · 编译：优化器与学习率</translation>
    </message>
    <message>
        <source>L2 penalty</source>
        <translation>L2 正则化</translation>
    </message>
    <message>
        <source>Weight decay on kernels; 0 is off, try 1e-4.</source>
        <translation>对权重矩阵施加的权重衰减；0 为关闭，可以试试 1e-4。</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>For example 0.001 or 1e-3.</source>
        <translation>例如 0.001 或 1e-3。</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Constant</source>
        <translation>恒定</translation>
    </message>
    <message>
        <source>Exponential decay (the course&apos;s)</source>
        <translation>指数衰减（课程所用）</translation>
    </message>
    <message>
        <source>Step decay</source>
        <translation>阶梯衰减</translation>
    </message>
    <message>
        <source>Cosine with warm-up</source>
        <translation>带预热的余弦</translation>
    </message>
    <message>
        <source>One-cycle (up, then down)</source>
        <translation>单周期（先升后降）</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>学习率策略</translation>
    </message>
    <message>
        <source>Decay rate</source>
        <translation>衰减率</translation>
    </message>
    <message>
        <source>The rate is multiplied by this every &apos;decay epochs&apos;.</source>
        <translation>每经过“衰减轮数”，学习率乘以这个值。</translation>
    </message>
    <message>
        <source>Step factor</source>
        <translation>阶梯系数</translation>
    </message>
    <message>
        <source>Decay epochs</source>
        <translation>衰减轮数</translation>
    </message>
    <message>
        <source>Warm-up epochs</source>
        <translation>预热轮数</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Label smoothing</source>
        <translation>标签平滑</translation>
    </message>
    <message>
        <source>Learn from softened targets: (1 − s) for the right class, s shared by all.</source>
        <translation>用平滑后的目标学习：正确类别得 (1 − s)，s 由所有类别平分。</translation>
    </message>
    <message>
        <source>Type a number, for example 0.001 or 1e-3.</source>
        <translation>请输入一个数，例如 0.001 或 1e-3。</translation>
    </message>
    <message>
        <source>The learning rate must be above 0 (and at most 10).</source>
        <translation>学习率必须大于 0（且不超过 10）。</translation>
    </message>
    <message>
        <source>Type a number, for example 0 or 1e-4.</source>
        <translation>请输入一个数，例如 0 或 1e-4。</translation>
    </message>
    <message>
        <source>The L2 penalty must be at least 0 and below 1.</source>
        <translation>L2 正则化系数必须不小于 0 且小于 1。</translation>
    </message>
    <message>
        <source>The warm-up must be shorter than the training (fewer epochs than &apos;Epochs&apos;).</source>
        <translation>预热必须比训练短（轮数少于“轮数”）。</translation>
    </message>
</context>
<context>
    <name>ConfusionMatrixView</name>
    <message>
        <source>Rows: the true class. Columns: what the model said. Click a cell to see those images.</source>
        <translation>行：真实类别。列：模型的判断。点击一个格子查看对应的图片。</translation>
    </message>
    <message>
        <source>The confusion matrix appears after an evaluation.</source>
        <translation>评估之后这里显示混淆矩阵。</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实</translation>
    </message>
</context>
<context>
    <name>Course</name>
    <message>
        <source>This lab is not here yet.</source>
        <translation>这个实验还没有做好。</translation>
    </message>
    <message>
        <source>1  Basics</source>
        <translation>第1讲 神经网络计算</translation>
    </message>
    <message>
        <source>Iris by hand</source>
        <translation>手写鸢尾花分类</translation>
    </message>
    <message>
        <source>2  Making networks learn</source>
        <translation>第2讲 神经网络优化</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Activation functions</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>Loss functions</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>Overfitting and L2</source>
        <translation>过拟合与 L2 正则化</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>3  The six steps</source>
        <translation>第3讲 神经网络搭建八股</translation>
    </message>
    <message>
        <source>MNIST in six steps</source>
        <translation>六步法训练 MNIST</translation>
    </message>
    <message>
        <source>&lt;b&gt;The six steps&lt;/b&gt;: import, data, model (Sequential or a class), compile, fit, summary. The course trains an MLP on MNIST this way; the Train tab runs exactly these steps, with either engine, and shows the curves as they grow.</source>
        <translation>&lt;b&gt;六步法&lt;/b&gt;：import、数据（train/test）、模型（Sequential 或自定义类）、compile、fit、summary。课程用这六步在 MNIST 上训练一个 MLP；“训练”页正是按这六步运行（两种引擎均可），并实时绘出曲线。</translation>
    </message>
    <message>
        <source>Set the Train tab up: MLP on MNIST, Adam, 5 epochs</source>
        <translation>设置“训练”页：MNIST 上的 MLP，Adam，5 轮</translation>
    </message>
    <message>
        <source>4  Own data and the whole workflow</source>
        <translation>第4讲 网络八股扩展</translation>
    </message>
    <message>
        <source>Own data, augmentation, checkpoints</source>
        <translation>数据集、数据增强、断点续训</translation>
    </message>
    <message>
        <source>&lt;b&gt;Own data&lt;/b&gt;: the Train tab reads the course&apos;s own-dataset format (a folder and a label file) or one folder per class. &lt;b&gt;Augmentation&lt;/b&gt;: the augmentation group. &lt;b&gt;Checkpoints&lt;/b&gt;: every run saves them; Resume continues one. &lt;b&gt;Parameters and curves&lt;/b&gt;: the run&apos;s folder keeps the weights and the history, drawn live. &lt;b&gt;Application&lt;/b&gt;: the Draw tab reads what you draw with the model you trained.</source>
        <translation>&lt;b&gt;自制数据集&lt;/b&gt;：“训练”页能读取课程的自制数据集格式（一个图片文件夹加一个标签文件），或每类一个文件夹。&lt;b&gt;数据增强&lt;/b&gt;：见“数据增强”一组设置。&lt;b&gt;断点续训&lt;/b&gt;：每次训练都会保存断点，“继续训练”可接着训练。&lt;b&gt;参数提取与 acc/loss 曲线&lt;/b&gt;：训练文件夹保存权重和训练历史，曲线实时绘制。&lt;b&gt;应用&lt;/b&gt;：“手写”页用你训练好的模型识别你写的数字。</translation>
    </message>
    <message>
        <source>Set the Train tab up: MLP on MNIST with augmentation</source>
        <translation>设置“训练”页：MNIST 上的 MLP，带数据增强</translation>
    </message>
    <message>
        <source>Go to the Draw tab (the application)</source>
        <translation>转到“手写”页（应用）</translation>
    </message>
    <message>
        <source>5  Convolutional networks</source>
        <translation>第5讲 卷积神经网络</translation>
    </message>
    <message>
        <source>CNNs and CIFAR-10</source>
        <translation>卷积神经网络与 CIFAR-10</translation>
    </message>
    <message>
        <source>&lt;b&gt;Convolution&lt;/b&gt; (CBAPD: convolution, batch norm, activation, pooling, dropout) and the classic networks the course builds on CIFAR-10: LeNet5, AlexNet8, VGG16, Inception10, ResNet18. The Train tab builds each of them from one description, in either engine.</source>
        <translation>&lt;b&gt;卷积&lt;/b&gt;（CBAPD：卷积、批标准化、激活、池化、舍弃）以及课程在 CIFAR-10 上搭建的经典网络：LeNet5、AlexNet8、VGG16、Inception10、ResNet18。“训练”页由同一份描述搭建其中每一个，两种引擎均可。</translation>
    </message>
    <message>
        <source>Set the Train tab up: LeNet5 on CIFAR-10 as the course builds it</source>
        <translation>设置“训练”页：按课程的方式在 CIFAR-10 上训练 LeNet5</translation>
    </message>
    <message>
        <source>Set the Train tab up: ResNet18 on CIFAR-10</source>
        <translation>设置“训练”页：在 CIFAR-10 上训练 ResNet18</translation>
    </message>
    <message>
        <source>6  Recurrent networks</source>
        <translation>第6讲 循环神经网络</translation>
    </message>
    <message>
        <source>Next letter</source>
        <translation>字母预测</translation>
    </message>
    <message>
        <source>Stock prices</source>
        <translation>股票预测</translation>
    </message>
    <message>
        <source>7  Classic machine learning</source>
        <translation>第7讲 经典机器学习</translation>
    </message>
    <message>
        <source>Classic models</source>
        <translation>经典模型</translation>
    </message>
    <message>
        <source>Regressions and wide &amp; deep</source>
        <translation>回归与 Wide &amp; Deep</translation>
    </message>
    <message>
        <source>That tab is not open in this window.</source>
        <translation>这个窗口里没有打开那个标签页。</translation>
    </message>
</context>
<context>
    <name>DataPanel</name>
    <message>
        <source>1 · Data</source>
        <translation>1 · 数据</translation>
    </message>
    <message>
        <source>MNIST (handwritten digits)</source>
        <translation>MNIST（手写数字）</translation>
    </message>
    <message>
        <source>MNIST sample shipped with Inkling (3 000 images)</source>
        <translation>Inkling 自带的 MNIST 样本（3 000 张）</translation>
    </message>
    <message>
        <source>Fashion-MNIST (clothing)</source>
        <translation>Fashion-MNIST（服饰）</translation>
    </message>
    <message>
        <source>CIFAR-10 (colour photos)</source>
        <translation>CIFAR-10（彩色照片）</translation>
    </message>
    <message>
        <source>Own dataset…</source>
        <translation>自制数据集…</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>a folder of images with a label .txt, or one folder per class</source>
        <translation>图片文件夹加标签 .txt，或每个类别一个文件夹</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>File…</source>
        <translation>文件…</translation>
    </message>
    <message>
        <source>Location</source>
        <translation>位置</translation>
    </message>
    <message>
        <source>The course&apos;s own-dataset format (an image folder and a txt file of &apos;name label&apos; lines), one folder per class, an .npz or IDX files.</source>
        <translation>课程的自制数据集格式（一个图片文件夹加一个每行“文件名 标签”的 txt 文件）、每个类别一个文件夹、.npz 文件或 IDX 文件。</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>下载</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Per class</source>
        <translation>各类别</translation>
    </message>
    <message>
        <source>all</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Training images</source>
        <translation>训练图片数</translation>
    </message>
    <message>
        <source>MNIST sample</source>
        <translation>MNIST 样本</translation>
    </message>
    <message>
        <source>Own dataset</source>
        <translation>自制数据集</translation>
    </message>
    <message>
        <source>Train on the first N images only (quick trials).</source>
        <translation>只用前 N 张图片训练（快速试验）。</translation>
    </message>
    <message>
        <source>the test set (as the course does)</source>
        <translation>测试集（与课程相同）</translation>
    </message>
    <message>
        <source>a share of the training images</source>
        <translation>划出一部分训练图片</translation>
    </message>
    <message>
        <source>Validate on</source>
        <translation>验证用</translation>
    </message>
    <message>
        <source>Choose the folder or file of your dataset.</source>
        <translation>请选择数据集所在的文件夹或文件。</translation>
    </message>
    <message>
        <source>There is nothing at this location.</source>
        <translation>这个位置什么也没有。</translation>
    </message>
    <message>
        <source>Dataset folder</source>
        <translation>数据集文件夹</translation>
    </message>
    <message>
        <source>Dataset file (label list, .npz or IDX)</source>
        <translation>数据集文件（标签列表、.npz 或 IDX）</translation>
    </message>
    <message>
        <source>Datasets (*.txt *.npz *.gz *idx*-ubyte);;All files (*)</source>
        <translation>数据集 (*.txt *.npz *.gz *idx*-ubyte);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Choose your dataset above.</source>
        <translation>请在上面选择你的数据集。</translation>
    </message>
    <message>
        <source>Downloading…</source>
        <translation>正在下载…</translation>
    </message>
    <message>
        <source>{0} is not on this computer yet. It is downloaded when training starts, or now with Download.</source>
        <translation>这台电脑上还没有 {0}。开始训练时会自动下载，也可以现在点“下载”。</translation>
    </message>
    <message>
        <source>Reading images… {0}</source>
        <translation>正在读取图片… {0}</translation>
    </message>
    <message>
        <source>Downloading… {0} MB</source>
        <translation>正在下载… {0} MB</translation>
    </message>
    <message>
        <source>{0} test images</source>
        <translation>测试图片 {0} 张</translation>
    </message>
    <message>
        <source>{0}. {1} training and {2}, {3} pixels.</source>
        <translation>{0}。训练图片 {1} 张，{2}；{3} 像素。</translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable image(s) were skipped; training uses the rest.</source>
        <translation>
            <numerusform>跳过了 %n 张无法读取的图片；训练使用其余的图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>No preview before the download.</source>
        <translation>下载之前无法预览。</translation>
    </message>
    <message>
        <source>no test set</source>
        <translation>没有测试集</translation>
    </message>
    <message>
        <source>Could not load this dataset.</source>
        <translation>无法加载这个数据集。</translation>
    </message>
</context>
<context>
    <name>DigitReadout</name>
    <message>
        <source>Digit {0}: {1}, {2} sure. Click to see what the network sees.</source>
        <translation>第 {0} 位：{1}，把握 {2}。点击查看神经网络看到了什么。</translation>
    </message>
</context>
<context>
    <name>DotsPage</name>
    <message>
        <source>Without L2</source>
        <translation>无 L2 正则化</translation>
    </message>
    <message>
        <source>With L2</source>
        <translation>有 L2 正则化</translation>
    </message>
    <message>
        <source>With L2 ({0})</source>
        <translation>有 L2 正则化（{0}）</translation>
    </message>
    <message>
        <source>Loss (MSE, log scale)</source>
        <translation>损失（MSE，对数坐标）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>without L2, train</source>
        <translation>无 L2，训练</translation>
    </message>
    <message>
        <source>without L2, test</source>
        <translation>无 L2，测试</translation>
    </message>
    <message>
        <source>with L2, train</source>
        <translation>有 L2，训练</translation>
    </message>
    <message>
        <source>with L2, test</source>
        <translation>有 L2，测试</translation>
    </message>
    <message>
        <source>Open a CSV…</source>
        <translation>打开 CSV…</translation>
    </message>
    <message>
        <source>Clear clicked points</source>
        <translation>清除点击添加的点</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点</translation>
    </message>
    <message>
        <source>Click a plot: left adds a &apos;{0}&apos; point (blue), right a &apos;{1}&apos; point (red). {2} added.</source>
        <translation>点击图：左键添加“{0}”点（蓝），右键添加“{1}”点（红）。已添加 {2} 个。</translation>
    </message>
    <message>
        <source>Open a CSV of points</source>
        <translation>打开点的 CSV 文件</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>{0}. Test accuracy without L2 {1}, with L2 {2}; weight norm {3} → {4} ({5} points skipped)</source>
        <translation>{0}。测试准确率：无 L2 {1}，有 L2 {2}；权重范数 {3} → {4}（跳过 {5} 个点）</translation>
    </message>
</context>
<context>
    <name>DrawTab</name>
    <message>
        <source>Brush</source>
        <translation>笔刷</translation>
    </message>
    <message>
        <source>Stroke width. The default ({0}) draws strokes as thick as MNIST&apos;s pen when a digit fills the canvas.</source>
        <translation>笔画粗细。默认值（{0}）在数字占满画布时，画出的笔画与 MNIST 的笔一样粗。</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>撤销上一笔</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Redo what was undone</source>
        <translation>重做刚撤销的操作</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清空</translation>
    </message>
    <message>
        <source>Clear the canvas (also: right-click on it)</source>
        <translation>清空画布（也可在画布上右键单击）</translation>
    </message>
    <message>
        <source>Paste</source>
        <translation>粘贴</translation>
    </message>
    <message>
        <source>Paste a picture onto the canvas</source>
        <translation>把图片粘贴到画布上</translation>
    </message>
    <message>
        <source>Eraser</source>
        <translation>橡皮擦</translation>
    </message>
    <message>
        <source>Erase instead of drawing</source>
        <translation>擦除而不是书写</translation>
    </message>
    <message>
        <source>Random MNIST digit</source>
        <translation>随机 MNIST 数字</translation>
    </message>
    <message>
        <source>Draw a random digit from the MNIST test set and show its true label</source>
        <translation>从 MNIST 测试集中随机取一个数字画上，并显示它的真实标签</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Save the drawing as a PNG picture</source>
        <translation>把画布保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Inside the network</source>
        <translation>网络内部</translation>
    </message>
    <message>
        <source>Show every layer of the model and where it looked</source>
        <translation>显示模型的每一层，以及它关注的位置</translation>
    </message>
    <message>
        <source>Inside</source>
        <translation>内部</translation>
    </message>
    <message>
        <source>The MNIST sample is missing ({0}).</source>
        <translation>缺少 MNIST 样本（{0}）。</translation>
    </message>
    <message>
        <source>read the drawing</source>
        <translation>识别画布</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>No model: {0}</source>
        <translation>没有模型：{0}</translation>
    </message>
    <message>
        <source>Save drawing</source>
        <translation>保存画布</translation>
    </message>
    <message>
        <source>PNG pictures (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>none is loaded.</source>
        <translation>尚未加载任何模型。</translation>
    </message>
</context>
<context>
    <name>DrawingCanvas</name>
    <message>
        <source>That is not a picture: drop or paste an image file (PNG, JPEG, BMP…) of a digit.</source>
        <translation>这不是图片：请拖入或粘贴一个数字的图片文件（PNG、JPEG、BMP…）。</translation>
    </message>
    <message>
        <source>There is no file at {0}.</source>
        <translation>{0} 处没有文件。</translation>
    </message>
    <message>
        <source>{0} is not a picture Inkling can read ({1}).</source>
        <translation>{0} 不是 Inkling 能读取的图片（{1}）。</translation>
    </message>
    <message>
        <source>Draw a digit with the mouse, a finger or a pen. Several digits side by side are read as a number.
Right-click or Delete clears; drop or paste a picture to read it.</source>
        <translation>用鼠标、手指或手写笔写一个数字。并排的几个数字会被读成一个数。
右键单击或按 Delete 清空；拖入或粘贴图片即可识别。</translation>
    </message>
    <message>
        <source>Could not save the drawing to {0}.</source>
        <translation>无法把画布保存到 {0}。</translation>
    </message>
    <message>
        <source>Draw a digit here</source>
        <translation>在这里写一个数字</translation>
    </message>
</context>
<context>
    <name>EvaluationPanel</name>
    <message>
        <source>Train a model, or pick one and press Evaluate.</source>
        <translation>训练一个模型，或选一个模型后点“评估”。</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Use this model</source>
        <translation>使用这个模型</translation>
    </message>
    <message>
        <source>Make it the active model in Draw and Images &amp; video.</source>
        <translation>把它设为“手写”和“图片与视频”中使用的模型。</translation>
    </message>
    <message>
        <source>Extract parameters (weights.txt)…</source>
        <translation>参数提取：权重存为 weights.txt…</translation>
    </message>
    <message>
        <source>Export weights…</source>
        <translation>导出权重…</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Precision</source>
        <translation>精确率</translation>
    </message>
    <message>
        <source>Recall</source>
        <translation>召回率</translation>
    </message>
    <message>
        <source>F1-score</source>
        <translation>F1 分数</translation>
    </message>
    <message>
        <source>Support</source>
        <translation>样本数</translation>
    </message>
    <message>
        <source>Selected cell</source>
        <translation>选中的格子</translation>
    </message>
    <message>
        <source>Worst mistakes</source>
        <translation>最严重的错误</translation>
    </message>
    <message>
        <source>Click a cell of the confusion matrix to see its images.</source>
        <translation>点击混淆矩阵的一个格子查看对应的图片。</translation>
    </message>
    <message>
        <source>Evaluating {0} on the {1} test set…</source>
        <translation>正在 {1} 测试集上评估 {0}…</translation>
    </message>
    <message>
        <source>Evaluation failed: {0}</source>
        <translation>评估失败：{0}</translation>
    </message>
    <message>
        <source>{0}: {1} test images ({2}), {3} mistakes, evaluated in {4}.</source>
        <translation>{0}：{1} 张测试图片（{2}），错 {3} 张，评估用时 {4}。</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>macro avg</source>
        <translation>宏平均</translation>
    </message>
    <message>
        <source>weighted avg</source>
        <translation>加权平均</translation>
    </message>
    <message>
        <source>Test image #{0}: truly {1}, read as {2} with {3} confidence</source>
        <translation>测试图片 #{0}：实际是 {1}，被认成 {2}，把握 {3}</translation>
    </message>
    <message>
        <source>Worst mistakes ({0} of {1})</source>
        <translation>最严重的错误（{1} 个中的 {0} 个）</translation>
    </message>
    <message>
        <source> (the {0} surest shown)</source>
        <translation>（显示最有把握的 {0} 张）</translation>
    </message>
    <message numerus="yes">
        <source>True {0} read correctly as {1}: %n image(s){2}.</source>
        <translation>
            <numerusform>真实为 {0}、正确识别为 {1}：%n 张{2}。</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>True {0} read as {1}: %n image(s){2}.</source>
        <translation>
            <numerusform>真实为 {0}、被认成 {1}：%n 张{2}。</numerusform>
        </translation>
    </message>
    <message>
        <source>true {0}
said {1} {2}</source>
        <translation>真实 {0}
认成 {1} {2}</translation>
    </message>
    <message>
        <source>{0} is now the active model in every tab.</source>
        <translation>{0} 现在是所有标签页使用的模型。</translation>
    </message>
    <message>
        <source>Save the parameters as text</source>
        <translation>把参数保存为文本</translation>
    </message>
    <message>
        <source>Text (*.txt)</source>
        <translation>文本 (*.txt)</translation>
    </message>
    <message>
        <source>Export the model in its framework&apos;s own format</source>
        <translation>以框架自己的格式导出模型</translation>
    </message>
    <message>
        <source>Writing {0}…</source>
        <translation>正在写入 {0}…</translation>
    </message>
    <message>
        <source>Saved {0}.</source>
        <translation>已保存 {0}。</translation>
    </message>
    <message>
        <source>Export failed: {0}</source>
        <translation>导出失败：{0}</translation>
    </message>
    <message>
        <source>{0} ms</source>
        <translation>{0} 毫秒</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
</context>
<context>
    <name>FitPanel</name>
    <message>
        <source>4 · Fit</source>
        <translation>4 · 训练</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <source>Early stopping</source>
        <translation>提前停止</translation>
    </message>
    <message>
        <source>Stop after this many epochs without a better validation accuracy.</source>
        <translation>验证准确率连续这么多轮没有提高就停止。</translation>
    </message>
    <message>
        <source>Stop at validation accuracy</source>
        <translation>目标验证准确率</translation>
    </message>
    <message>
        <source>Stop after the epoch whose validation accuracy reaches this.</source>
        <translation>某一轮的验证准确率达到这个值后停止。</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Larger than the {0} training images; use a smaller batch.</source>
        <translation>比 {0} 张训练图片还多；请用更小的批大小。</translation>
    </message>
    <message>
        <source>This run already trained {0} epochs; set more to continue it.</source>
        <translation>这次训练已经训练了 {0} 轮；要继续请设更多轮。</translation>
    </message>
</context>
<context>
    <name>FolderRun</name>
    <message>
        <source>The folder run stopped ({0}).</source>
        <translation>文件夹识别已中止（{0}）。</translation>
    </message>
</context>
<context>
    <name>InsidePanel</name>
    <message>
        <source>Grad-CAM</source>
        <translation>Grad-CAM</translation>
    </message>
    <message>
        <source>Gradient × input</source>
        <translation>梯度 × 输入</translation>
    </message>
    <message>
        <source>How &apos;where the model looked&apos; is worked out: Grad-CAM weighs a late layer&apos;s maps by the answer&apos;s gradient (coarse regions); gradient × input says which drawn pixels counted (fine strokes).</source>
        <translation>“模型关注的位置”的算法：Grad-CAM 用答案的梯度给靠后一层的特征图加权（粗略的区域）；梯度 × 输入则指出哪些画出的像素起了作用（精细的笔画）。</translation>
    </message>
    <message>
        <source>Also show where the model looked for its second choice</source>
        <translation>同时显示模型为第二候选关注的位置</translation>
    </message>
    <message>
        <source>On the canvas</source>
        <translation>叠加到画布</translation>
    </message>
    <message>
        <source>Lay the saliency map over the drawing</source>
        <translation>把显著性图叠加在画布上</translation>
    </message>
    <message>
        <source>Why not the 2nd?</source>
        <translation>为什么不是第二候选？</translation>
    </message>
    <message>
        <source>Looked for {0} ({1})</source>
        <translation>判断为 {0} 时关注的位置（{1}）</translation>
    </message>
    <message>
        <source>…and for {0} ({1})</source>
        <translation>…以及判断为 {0} 时（{1}）</translation>
    </message>
    <message>
        <source>Why {0}, not {1}?</source>
        <translation>为什么是 {0} 而不是 {1}？</translation>
    </message>
    <message>
        <source>The first layer is not a convolution: no kernels to show.</source>
        <translation>第一层不是卷积层：没有卷积核可显示。</translation>
    </message>
    <message>
        <source>First layer&apos;s {0} kernels ({1}×{1}):</source>
        <translation>第一层的 {0} 个卷积核（{1}×{1}）：</translation>
    </message>
    <message>
        <source>Draw a digit to look inside the network.</source>
        <translation>写一个数字，看看网络内部。</translation>
    </message>
    <message>
        <source>No model is loaded yet.</source>
        <translation>还没有加载模型。</translation>
    </message>
    <message>
        <source>Saliency: {0}. Each picture-shaped layer shows its maps (hover one), vectors are bars.</source>
        <translation>显著性：{0}。输出为图像的层显示各自的特征图（鼠标悬停可查看），向量显示为柱状条。</translation>
    </message>
    <message>
        <source> (first {0} of {1} maps)</source>
        <translation>（共 {1} 张特征图，显示前 {0} 张）</translation>
    </message>
    <message>
        <source>passes its input on while reading</source>
        <translation>识别时直接传递输入</translation>
    </message>
    <message>
        <source>{0} values</source>
        <translation>{0} 个值</translation>
    </message>
</context>
<context>
    <name>IrisPage</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Test accuracy</source>
        <translation>测试准确率</translation>
    </message>
    <message>
        <source>Decision regions</source>
        <translation>决策区域</translation>
    </message>
    <message>
        <source>Weights (rows: 4 inputs + bias; columns: 3 classes)</source>
        <translation type="vanished">权重（行：4 个输入 + 偏置；列：3 个类别）</translation>
    </message>
    <message>
        <source>sepal length</source>
        <translation>花萼长度</translation>
    </message>
    <message>
        <source>sepal width</source>
        <translation>花萼宽度</translation>
    </message>
    <message>
        <source>petal length</source>
        <translation>花瓣长度</translation>
    </message>
    <message>
        <source>petal width</source>
        <translation>花瓣宽度</translation>
    </message>
    <message>
        <source>setosa</source>
        <translation>狗尾草鸢尾</translation>
    </message>
    <message>
        <source>versicolor</source>
        <translation>杂色鸢尾</translation>
    </message>
    <message>
        <source>virginica</source>
        <translation>弗吉尼亚鸢尾</translation>
    </message>
    <message>
        <source>Weights and biases</source>
        <translation>权重与偏置</translation>
    </message>
    <message>
        <source>bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Regions across</source>
        <translation>区域横轴</translation>
    </message>
    <message>
        <source>and</source>
        <translation>纵轴</translation>
    </message>
    <message>
        <source>{0} after {1} epochs: test accuracy {2}, {3} s</source>
        <translation>{0}：训练 {1} 轮，测试准确率 {2}，用时 {3} 秒</translation>
    </message>
</context>
<context>
    <name>LabPage</name>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>{0}: {1}</source>
        <translation>{0}：{1}</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Finished</source>
        <translation>已完成</translation>
    </message>
    <message>
        <source>Running…</source>
        <translation>正在运行…</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>正在停止…</translation>
    </message>
    <message>
        <source>The lab failed.</source>
        <translation>实验失败。</translation>
    </message>
    <message>
        <source>Restart</source>
        <translation>重新开始</translation>
    </message>
</context>
<context>
    <name>LabSettings</name>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>passes over the 120 training flowers</source>
        <translation>在 120 朵训练集鸢尾花上训练的遍数</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>learning rate: each step moves the weights by lr × gradient</source>
        <translation>学习率：每步把权重移动 lr × 梯度</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>flowers per step</source>
        <translation>每步的花朵数</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失函数</translation>
    </message>
    <message>
        <source>mse (the course&apos;s first choice) or cross_entropy</source>
        <translation>mse（课程的第一选择）或 cross_entropy（交叉熵）</translation>
    </message>
    <message>
        <source>Optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>sgd is the hand-written w -= lr × grad; the others are the framework&apos;s own, with the course&apos;s β values</source>
        <translation>sgd 是手写的 w -= lr × grad；其他优化器用框架自带的实现，β 取课程中的值</translation>
    </message>
    <message>
        <source>Engine</source>
        <translation>引擎</translation>
    </message>
    <message>
        <source>which framework computes the gradients</source>
        <translation>由哪个框架计算梯度</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>shuffles iris before the 120/30 split (the course uses 116)</source>
        <translation>在按 120/30 划分前打乱鸢尾花数据（课程用 116）</translation>
    </message>
    <message>
        <source>the constant learning rate (and the decaying one&apos;s base)</source>
        <translation>固定学习率（也是指数衰减学习率的初始值）</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>gradient-descent steps</source>
        <translation>梯度下降的步数</translation>
    </message>
    <message>
        <source>Start w</source>
        <translation>w 初值</translation>
    </message>
    <message>
        <source>where w starts</source>
        <translation>w 的初始值</translation>
    </message>
    <message>
        <source>Decay rate</source>
        <translation>衰减率</translation>
    </message>
    <message>
        <source>the decaying rate is lr × decay_rate^(step / decay_steps)</source>
        <translation>衰减后的学习率为 lr × decay_rate^(step / decay_steps)</translation>
    </message>
    <message>
        <source>Decay steps</source>
        <translation>衰减步数</translation>
    </message>
    <message>
        <source>steps per decay</source>
        <translation>每衰减一次的步数</translation>
    </message>
    <message>
        <source>which framework computes the gradient</source>
        <translation>由哪个框架计算梯度</translation>
    </message>
    <message>
        <source>Pause per step (s)</source>
        <translation>每步暂停（秒）</translation>
    </message>
    <message>
        <source>seconds to wait after each step, to watch it happen</source>
        <translation>每步之后等待的秒数，便于观察</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>成本</translation>
    </message>
    <message>
        <source>what one yoghurt too many costs</source>
        <translation>多预测一瓶酸奶的成本</translation>
    </message>
    <message>
        <source>Profit</source>
        <translation>利润</translation>
    </message>
    <message>
        <source>what one yoghurt too few loses</source>
        <translation>少预测一瓶酸奶损失的利润</translation>
    </message>
    <message>
        <source>custom (the asymmetric cost/profit loss) or mse (symmetric)</source>
        <translation>custom（按成本/利润不对称的损失函数）或 mse（对称）</translation>
    </message>
    <message>
        <source>training steps over the 32 days (full batch)</source>
        <translation>在 32 天数据上的训练步数（全批量）</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>seeds the generated sales (the course uses 23455)</source>
        <translation>生成销量数据的随机种子（课程用 23455）</translation>
    </message>
    <message>
        <source>Data (CSV)</source>
        <translation>数据（CSV）</translation>
    </message>
    <message>
        <source>a CSV file with a header row; empty = the course&apos;s dot set</source>
        <translation>带表头行的 CSV 文件；留空 = 课程的点集</translation>
    </message>
    <message>
        <source>X column</source>
        <translation>X 列</translation>
    </message>
    <message>
        <source>the column of the first feature (plotted across)</source>
        <translation>第一个特征所在的列（横轴）</translation>
    </message>
    <message>
        <source>Y column</source>
        <translation>Y 列</translation>
    </message>
    <message>
        <source>the column of the second feature (plotted up)</source>
        <translation>第二个特征所在的列（纵轴）</translation>
    </message>
    <message>
        <source>Label column</source>
        <translation>标签列</translation>
    </message>
    <message>
        <source>the column of the label (two values)</source>
        <translation>标签所在的列（两种取值）</translation>
    </message>
    <message>
        <source>Hidden units</source>
        <translation>隐藏单元数</translation>
    </message>
    <message>
        <source>hidden units (the course&apos;s 11)</source>
        <translation>隐藏层神经元个数（课程用 11）</translation>
    </message>
    <message>
        <source>L2 strength</source>
        <translation>L2 强度</translation>
    </message>
    <message>
        <source>L2 strength of the regularised network (the course&apos;s 0.03)</source>
        <translation>正则化网络的 L2 强度（课程用 0.03）</translation>
    </message>
    <message>
        <source>learning rate (the course&apos;s 0.005)</source>
        <translation>学习率（课程用 0.005）</translation>
    </message>
    <message>
        <source>epochs (the course&apos;s 800)</source>
        <translation>训练轮数（课程用 800）</translation>
    </message>
    <message>
        <source>Test size</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>share of the points kept for testing</source>
        <translation>留作测试的点所占比例</translation>
    </message>
    <message>
        <source>seed of the starting weights and of the train/test split</source>
        <translation>初始权重和训练/测试划分的随机种子</translation>
    </message>
    <message>
        <source>which framework trains</source>
        <translation>由哪个框架训练</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <source>what to race on: iris, or a surface (bowl, ravine, saddle, rosenbrock) or a formula in x and y such as &apos;x**2 + 3*y**2&apos;</source>
        <translation>在什么上比赛：iris（鸢尾花），或一个曲面（bowl、ravine、saddle、rosenbrock），或关于 x 和 y 的公式，如 &apos;x**2 + 3*y**2&apos;</translation>
    </message>
    <message>
        <source>Optimizers</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>which optimizers race</source>
        <translation>参加比赛的优化器</translation>
    </message>
    <message>
        <source>epochs on iris (the course&apos;s 500)</source>
        <translation>在鸢尾花上训练的轮数（课程用 500）</translation>
    </message>
    <message>
        <source>steps on a surface</source>
        <translation>在曲面上走的步数</translation>
    </message>
    <message>
        <source>learning rate for every optimizer; 0 = the problem&apos;s own (iris: the course&apos;s 0.1)</source>
        <translation>所有优化器共用的学习率；0 = 用问题自己的（鸢尾花：课程的 0.1）</translation>
    </message>
    <message>
        <source>Tune</source>
        <translation>调参</translation>
    </message>
    <message>
        <source>first tune each optimizer&apos;s learning rate by a small grid search</source>
        <translation>先用小规模网格搜索为每个优化器调好学习率</translation>
    </message>
    <message>
        <source>which framework trains on iris</source>
        <translation>由哪个框架在鸢尾花上训练</translation>
    </message>
    <message>
        <source>Cell</source>
        <translation>循环核</translation>
    </message>
    <message>
        <source>the recurrent cell: rnn (the course&apos;s SimpleRNN), lstm or gru</source>
        <translation>循环核：rnn（课程的 SimpleRNN）、lstm 或 gru</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>a letter as five numbers (onehot) or as an id looked up in an Embedding(5, 2)</source>
        <translation>字母用五个数表示（onehot，独热编码），或用编号在 Embedding(5, 2) 中查表</translation>
    </message>
    <message>
        <source>Context</source>
        <translation>上文长度</translation>
    </message>
    <message>
        <source>letters read before predicting the next (the course: 1 or 4)</source>
        <translation>预测下一个字母前读入的字母数（课程：1 或 4）</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>units of the recurrent cell (the course&apos;s 3)</source>
        <translation>循环核的记忆体个数（课程用 3）</translation>
    </message>
    <message>
        <source>passes over the five examples (the course&apos;s 100)</source>
        <translation>在五个样本上训练的遍数（课程用 100）</translation>
    </message>
    <message>
        <source>Adam&apos;s learning rate (the course&apos;s 0.01)</source>
        <translation>Adam 的学习率（课程用 0.01）</translation>
    </message>
    <message>
        <source>seed of the starting weights</source>
        <translation>初始权重的随机种子</translation>
    </message>
    <message>
        <source>Checkpoint folder</source>
        <translation>断点文件夹</translation>
    </message>
    <message>
        <source>a folder for checkpoints (last and best, after every epoch): training then runs through the engine&apos;s fit, which a stop leaves resumable; empty = the short loop shown</source>
        <translation>保存断点的文件夹（每轮之后保存最新的和最好的）：训练改由引擎的 fit 运行，停止后可以断点续训；留空 = 运行旁边所示的简短循环</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>断点续训</translation>
    </message>
    <message>
        <source>continue from the last checkpoint in the checkpoint folder (a finished run just reports again)</source>
        <translation>从断点文件夹里最新的断点接着训练（已完成的训练只会再报告一遍结果）</translation>
    </message>
    <message>
        <source>a CSV file with a header row; empty = the course&apos;s Maotai prices (SH600519.csv)</source>
        <translation>带表头行的 CSV 文件；留空 = 课程的茅台股价（SH600519.csv）</translation>
    </message>
    <message>
        <source>Price column</source>
        <translation>价格列</translation>
    </message>
    <message>
        <source>the price column, by name (any case)</source>
        <translation>价格列的列名（不区分大小写）</translation>
    </message>
    <message>
        <source>Date column</source>
        <translation>日期列</translation>
    </message>
    <message>
        <source>the date column, by name (any case)</source>
        <translation>日期列的列名（不区分大小写）</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>days of prices the network reads to predict the next (the course&apos;s 60)</source>
        <translation>网络读入多少天的价格来预测下一天（课程用 60）</translation>
    </message>
    <message>
        <source>Test days</source>
        <translation>测试天数</translation>
    </message>
    <message>
        <source>the last days, kept for testing (the course&apos;s 300)</source>
        <translation>留作测试的最后若干天（课程用 300）</translation>
    </message>
    <message>
        <source>Cells</source>
        <translation>循环核</translation>
    </message>
    <message>
        <source>the cells to train one after the other: rnn (SimpleRNN), lstm, gru</source>
        <translation>依次训练的循环核：rnn（SimpleRNN）、lstm、gru</translation>
    </message>
    <message>
        <source>First layer units</source>
        <translation>第一层单元数</translation>
    </message>
    <message>
        <source>units of the first recurrent layer (the course&apos;s 80)</source>
        <translation>第一个循环层的记忆体个数（课程用 80）</translation>
    </message>
    <message>
        <source>Second layer units</source>
        <translation>第二层单元数</translation>
    </message>
    <message>
        <source>units of the second recurrent layer (the course&apos;s 100)</source>
        <translation>第二个循环层的记忆体个数（课程用 100）</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>dropout after each recurrent layer (the course&apos;s 0.2)</source>
        <translation>每个循环层之后的 Dropout 比例（课程用 0.2）</translation>
    </message>
    <message>
        <source>passes over the training windows (the course&apos;s 50)</source>
        <translation>在训练窗口上训练的遍数（课程用 50）</translation>
    </message>
    <message>
        <source>windows per step (the course&apos;s 64)</source>
        <translation>每步的窗口数（课程用 64）</translation>
    </message>
    <message>
        <source>Adam&apos;s learning rate (the course&apos;s 0.001)</source>
        <translation>Adam 的学习率（课程用 0.001）</translation>
    </message>
    <message>
        <source>Forecast days</source>
        <translation>预测天数</translation>
    </message>
    <message>
        <source>days of the recursive forecast from the first test day (its own predictions fed back); 0 = none</source>
        <translation>从第一个测试日起递推预测的天数（把自己的预测值作为输入）；0 = 不预测</translation>
    </message>
    <message>
        <source>seed of the starting weights and the shuffling (the course&apos;s 7)</source>
        <translation>初始权重和打乱顺序的随机种子（课程用 7）</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>iris, wine, breast-cancer, digits, mnist-sample, dots, or a CSV file&apos;s path</source>
        <translation>iris、wine、breast-cancer、digits、mnist-sample、dots，或 CSV 文件的路径</translation>
    </message>
    <message>
        <source>the label column of a CSV, by name</source>
        <translation>CSV 中标签列的列名</translation>
    </message>
    <message>
        <source>Features</source>
        <translation>特征</translation>
    </message>
    <message>
        <source>comma-separated feature names to keep (empty: all); two draw decision regions</source>
        <translation>要保留的特征名，用逗号分隔（留空：全部）；两个特征时绘制决策区域</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>the models to compare (the Dummy baseline is always there)</source>
        <translation>要比较的模型（始终包含 Dummy 基准）</translation>
    </message>
    <message>
        <source>Test share</source>
        <translation>测试比例</translation>
    </message>
    <message>
        <source>share of the samples held out for the test accuracy</source>
        <translation>留出用于计算测试准确率的样本比例</translation>
    </message>
    <message>
        <source>CV folds</source>
        <translation>交叉验证折数</translation>
    </message>
    <message>
        <source>folds of the stratified cross-validation</source>
        <translation>分层交叉验证的折数</translation>
    </message>
    <message>
        <source>seed of the split, the folds and every model</source>
        <translation>划分、折和每个模型的随机种子</translation>
    </message>
    <message>
        <source>SVM kernel</source>
        <translation>SVM 核函数</translation>
    </message>
    <message>
        <source>SVM C</source>
        <translation>SVM C</translation>
    </message>
    <message>
        <source>SVM C: how hard it tries to classify every training point</source>
        <translation>SVM C：多努力地把每个训练点都分对</translation>
    </message>
    <message>
        <source>SVM γ</source>
        <translation>SVM γ</translation>
    </message>
    <message>
        <source>SVM γ: how far one point&apos;s influence reaches (0: scale)</source>
        <translation>SVM γ：一个点的影响范围有多远（0：scale）</translation>
    </message>
    <message>
        <source>KNN k</source>
        <translation>KNN k</translation>
    </message>
    <message>
        <source>KNN: neighbours that vote</source>
        <translation>KNN：参与投票的近邻数</translation>
    </message>
    <message>
        <source>Tree depth</source>
        <translation>树深度</translation>
    </message>
    <message>
        <source>decision tree depth (0: grow until pure)</source>
        <translation>决策树深度（0：一直生长到纯净）</translation>
    </message>
    <message>
        <source>Forest trees</source>
        <translation>森林树数</translation>
    </message>
    <message>
        <source>random forest: trees</source>
        <translation>随机森林：树的棵数</translation>
    </message>
    <message>
        <source>Forest depth</source>
        <translation>森林树深</translation>
    </message>
    <message>
        <source>random forest: depth of each tree (0: no limit)</source>
        <translation>随机森林：每棵树的深度（0：不限）</translation>
    </message>
    <message>
        <source>XGBoost trees</source>
        <translation>XGBoost 树数</translation>
    </message>
    <message>
        <source>XGBoost: boosting rounds</source>
        <translation>XGBoost：提升轮数</translation>
    </message>
    <message>
        <source>XGBoost depth</source>
        <translation>XGBoost 树深</translation>
    </message>
    <message>
        <source>XGBoost: depth of each tree</source>
        <translation>XGBoost：每棵树的深度</translation>
    </message>
    <message>
        <source>KMeans k</source>
        <translation>KMeans k</translation>
    </message>
    <message>
        <source>KMeans clusters (0: as many as classes)</source>
        <translation>KMeans 的簇数（0：与类别数相同）</translation>
    </message>
    <message>
        <source>Silhouette up to k</source>
        <translation>轮廓系数最大 k</translation>
    </message>
    <message>
        <source>silhouette drawn for k = 2 … this</source>
        <translation>为 k = 2 … 此值绘制轮廓系数</translation>
    </message>
    <message>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <source>search the hyper-parameters of one model</source>
        <translation>搜索一个模型的超参数</translation>
    </message>
    <message>
        <source>Search model</source>
        <translation>搜索的模型</translation>
    </message>
    <message>
        <source>the model searched</source>
        <translation>要搜索超参数的模型</translation>
    </message>
    <message>
        <source>Methods</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>search methods, each with the same trial budget</source>
        <translation>搜索方法，每种的试验次数相同</translation>
    </message>
    <message>
        <source>Trials</source>
        <translation>试验次数</translation>
    </message>
    <message>
        <source>trials per search method</source>
        <translation>每种搜索方法的试验次数</translation>
    </message>
    <message>
        <source>Grid points</source>
        <translation>网格点数</translation>
    </message>
    <message>
        <source>GridSearchCV: values per parameter</source>
        <translation>GridSearchCV：每个参数取几个值</translation>
    </message>
    <message>
        <source>Curve parameter</source>
        <translation>曲线参数</translation>
    </message>
    <message>
        <source>validation curve over this parameter of the search model (empty: its first)</source>
        <translation>以搜索模型的这个参数画验证曲线（留空：它的第一个参数）</translation>
    </message>
    <message>
        <source>Confirm long search</source>
        <translation>确认长时间搜索</translation>
    </message>
    <message>
        <source>run a search even when it would take long</source>
        <translation>即使要花很长时间也运行搜索</translation>
    </message>
    <message>
        <source>Exercise</source>
        <translation>练习</translation>
    </message>
    <message>
        <source>wide-deep (the table), or one of the course&apos;s toy regressions</source>
        <translation>wide-deep（表格数据），或课程中的一个回归小练习</translation>
    </message>
    <message>
        <source>wide &amp; deep: diabetes, or a CSV file&apos;s path</source>
        <translation>wide &amp; deep：diabetes，或 CSV 文件的路径</translation>
    </message>
    <message>
        <source>Target column</source>
        <translation>目标列</translation>
    </message>
    <message>
        <source>the numeric target column of a CSV, by name</source>
        <translation>CSV 中数值目标列的列名</translation>
    </message>
    <message>
        <source>the models in the table (DummyRegressor is always there)</source>
        <translation>表中的模型（始终包含 DummyRegressor）</translation>
    </message>
    <message>
        <source>which framework trains the networks</source>
        <translation>由哪个框架训练网络</translation>
    </message>
    <message>
        <source>wide &amp; deep: passes over the training data</source>
        <translation>wide &amp; deep：在训练数据上训练的遍数</translation>
    </message>
    <message>
        <source>wide &amp; deep: Adam&apos;s learning rate</source>
        <translation>wide &amp; deep：Adam 的学习率</translation>
    </message>
    <message>
        <source>toys: train_on_batch steps (the course&apos;s 301)</source>
        <translation>小练习：train_on_batch 的步数（课程用 301）</translation>
    </message>
    <message>
        <source>Toy learning rate</source>
        <translation>小练习学习率</translation>
    </message>
    <message>
        <source>toys: SGD&apos;s learning rate</source>
        <translation>小练习：SGD 的学习率</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>units in each of the deep part&apos;s two hidden layers (toys: the hidden layer)</source>
        <translation>deep 部分两个隐藏层各自的神经元个数（小练习：隐藏层）</translation>
    </message>
    <message>
        <source>wide &amp; deep: samples per step</source>
        <translation>wide &amp; deep：每步的样本数</translation>
    </message>
    <message>
        <source>share held out for the scores</source>
        <translation>留出用于评分的比例</translation>
    </message>
    <message>
        <source>seed of the data, the split and the starting weights</source>
        <translation>数据、划分和初始权重的随机种子</translation>
    </message>
    <message>
        <source>wide &amp; deep: search the deep part&apos;s width and the learning rate</source>
        <translation>wide &amp; deep：搜索 deep 部分的宽度和学习率</translation>
    </message>
</context>
<context>
    <name>LabTexts</name>
    <message>
        <source>Sigmoid  f(x) = 1 / (1 + e^-x)</source>
        <translation>Sigmoid 函数  f(x) = 1 / (1 + e^-x)</translation>
    </message>
    <message>
        <source>Its derivative is at most 0.25, so gradients shrink layer after layer and vanish in deep networks; its output is not zero-centred, which slows convergence; and exp is slow to compute. Rarely used in hidden layers today.</source>
        <translation>导数最大只有 0.25，梯度逐层变小，深层网络中容易梯度消失；输出不以 0 为中心，收敛慢；幂运算复杂，计算慢。如今很少用于隐藏层。</translation>
    </message>
    <message>
        <source>tanh  f(x) = (1 - e^-2x) / (1 + e^-2x)</source>
        <translation>Tanh 函数  f(x) = (1 - e^-2x) / (1 + e^-2x)</translation>
    </message>
    <message>
        <source>Its output is zero-centred, but its gradient still vanishes for large inputs, and exp is slow.</source>
        <translation>输出以 0 为中心，但输入较大时仍会梯度消失，幂运算也慢。</translation>
    </message>
    <message>
        <source>ReLU  f(x) = max(x, 0)</source>
        <translation>ReLU 函数  f(x) = max(x, 0)</translation>
    </message>
    <message>
        <source>The first choice for hidden layers: no vanishing gradient for positive inputs, fast to compute, converges much faster than sigmoid and tanh. Its output is not zero-centred, and a neuron whose input stays negative never activates again (dead ReLU): avoid feeding it many negative features and keep the learning rate small.</source>
        <translation>隐藏层的首选：正区间不会梯度消失，计算快，收敛远快于 sigmoid 和 tanh。输出不以 0 为中心；输入一直为负的神经元再也不会被激活（Dead ReLU）：避免送入过多负数特征，并把学习率设小一些。</translation>
    </message>
    <message>
        <source>Leaky ReLU  f(x) = max(αx, x), α = 0.01</source>
        <translation>Leaky ReLU 函数  f(x) = max(αx, x)，α = 0.01</translation>
    </message>
    <message>
        <source>Gives negative inputs a small slope, so no neuron dies. In theory better than ReLU; in practice it has not clearly proved so.</source>
        <translation>负区间给一个小斜率，神经元不会“死亡”。理论上比 ReLU 好，但实际使用中并未完全证明。</translation>
    </message>
    <message>
        <source>The course&apos;s advice for beginners: prefer ReLU; use a small learning rate; standardise the input features (mean 0, standard deviation 1); start the weights centred on 0 with standard deviation √(2 / inputs).</source>
        <translation>课程给初学者的建议：首选 ReLU 激活函数；学习率设一个较小的值；输入特征标准化（均值为 0，标准差为 1）；初始权重以 0 为中心，标准差为 √(2 / 输入特征个数)。</translation>
    </message>
    <message>
        <source>Mean squared error: mean((y_ - y)²). For regression; the course also uses it on iris.</source>
        <translation>均方误差：mean((y_ - y)²)。用于回归；课程在鸢尾花上也用了它。</translation>
    </message>
    <message>
        <source>Cross-entropy H(y_, y) = -Σ y_ ln y: how far a predicted distribution is from the label&apos;s. H([1, 0], [0.6, 0.4]) = 0.511 is worse than H([1, 0], [0.8, 0.2]) = 0.223.</source>
        <translation>交叉熵 H(y_, y) = -Σ y_ ln y：预测的概率分布离标签的分布有多远。H([1, 0], [0.6, 0.4]) = 0.511 比 H([1, 0], [0.8, 0.2]) = 0.223 差。</translation>
    </message>
    <message>
        <source>Softmax then cross-entropy in one step (tf.nn.softmax_cross_entropy_with_logits): from raw scores, numerically safe.</source>
        <translation>一步完成 softmax 和交叉熵（tf.nn.softmax_cross_entropy_with_logits）：直接用原始得分，数值上更稳定。</translation>
    </message>
    <message>
        <source>The course&apos;s custom loss: a prediction above the sales costs COST per yoghurt, one below loses PROFIT per yoghurt: sum(where(y &gt; y_, COST (y - y_), PROFIT (y_ - y))).</source>
        <translation>课程的自定义损失函数：预测多于销量，每瓶酸奶损失成本 COST；预测少于销量，每瓶损失利润 PROFIT：sum(where(y &gt; y_, COST (y - y_), PROFIT (y_ - y)))。</translation>
    </message>
    <message>
        <source>converges smoothly</source>
        <translation>平稳收敛</translation>
    </message>
    <message>
        <source>jumps to the minimum in one step</source>
        <translation>一步跳到最小值</translation>
    </message>
    <message>
        <source>oscillates while converging</source>
        <translation>振荡着收敛</translation>
    </message>
    <message>
        <source>oscillates for ever</source>
        <translation>永远振荡</translation>
    </message>
    <message>
        <source>diverges</source>
        <translation>发散</translation>
    </message>
    <message>
        <source>hidden state</source>
        <translation>隐藏状态</translation>
    </message>
    <message>
        <source>cell state</source>
        <translation>细胞状态</translation>
    </message>
    <message>
        <source>input gate</source>
        <translation>输入门</translation>
    </message>
    <message>
        <source>forget gate</source>
        <translation>遗忘门</translation>
    </message>
    <message>
        <source>candidate</source>
        <translation>候选态</translation>
    </message>
    <message>
        <source>output gate</source>
        <translation>输出门</translation>
    </message>
    <message>
        <source>update gate</source>
        <translation>更新门</translation>
    </message>
    <message>
        <source>reset gate</source>
        <translation>重置门</translation>
    </message>
    <message>
        <source>Dummy (most frequent)</source>
        <translation>Dummy（众数）</translation>
    </message>
    <message>
        <source>Logistic regression</source>
        <translation>逻辑回归</translation>
    </message>
    <message>
        <source>SVM</source>
        <translation>SVM</translation>
    </message>
    <message>
        <source>KNN</source>
        <translation>KNN</translation>
    </message>
    <message>
        <source>Decision tree</source>
        <translation>决策树</translation>
    </message>
    <message>
        <source>Random forest</source>
        <translation>随机森林</translation>
    </message>
    <message>
        <source>XGBoost</source>
        <translation>XGBoost</translation>
    </message>
    <message>
        <source>KMeans</source>
        <translation>KMeans</translation>
    </message>
</context>
<context>
    <name>LearningRatePage</name>
    <message>
        <source>Drag to change the rate; release to run again</source>
        <translation>拖动以改变学习率；松开后重新运行</translation>
    </message>
    <message>
        <source>loss = (w + 1)²</source>
        <translation>损失 = (w + 1)²</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>constant rate</source>
        <translation>固定学习率</translation>
    </message>
    <message>
        <source>exponential decay</source>
        <translation>指数衰减学习率</translation>
    </message>
    <message>
        <source>w per step (minimum at -1)</source>
        <translation>每步的 w（最小值在 -1）</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>learning rate per step</source>
        <translation>每步的学习率</translation>
    </message>
    <message>
        <source>A constant rate of {0} {1} (critical rate: {2}).</source>
        <translation>固定学习率为 {0} 时{1}（临界学习率：{2}）。</translation>
    </message>
    <message>
        <source>the constant rate diverged</source>
        <translation>固定学习率发散了</translation>
    </message>
    <message>
        <source>constant rate: w = {0}</source>
        <translation>固定学习率：w = {0}</translation>
    </message>
    <message>
        <source>{0} after {1} steps: {2}; with decay: w = {3}.</source>
        <translation>{0}：{1} 步后，{2}；指数衰减：w = {3}。</translation>
    </message>
</context>
<context>
    <name>LettersPage</name>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Accuracy on the five contexts</source>
        <translation>五个输入序列上的准确率</translation>
    </message>
    <message>
        <source>type letters from {0}</source>
        <translation>输入 {0} 中的字母</translation>
    </message>
    <message>
        <source>The trained network reads these letters one by one and predicts the next</source>
        <translation>训练好的网络逐个读入这些字母，预测下一个字母</translation>
    </message>
    <message>
        <source>{0} after {1} epochs: {2} right ({3}); {4} parameters</source>
        <translation>{0}：训练 {1} 轮，准确率 {2}（{3}）；{4} 个参数</translation>
    </message>
    <message>
        <source>Train the network, then type letters.</source>
        <translation>先训练网络，再输入字母。</translation>
    </message>
    <message>
        <source>After &apos;{0}&apos; the network expects &apos;{1}&apos; ({2}).</source>
        <translation>读完“{0}”后，网络预测下一个是“{1}”（{2}）。</translation>
    </message>
    <message>
        <source>Next letter</source>
        <translation>下一个字母</translation>
    </message>
    <message>
        <source>probability</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Letters:</source>
        <translation>字母：</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source> Model: </source>
        <translation> 模型：</translation>
    </message>
    <message>
        <source>The model every tab uses. Trained models appear here when training ends.</source>
        <translation>所有标签页共用的模型。训练结束后，新训练的模型会出现在这里。</translation>
    </message>
    <message>
        <source>Reload model list</source>
        <translation>重新读取模型列表</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Re-read the model list from disk (F5)</source>
        <translation>从磁盘重新读取模型列表（F5）</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open image…</source>
        <translation>打开图片(&amp;O)…</translation>
    </message>
    <message>
        <source>Open a picture of a digit (or a number) on the Draw tab</source>
        <translation>在“手写”页打开一张数字（或多位数）的图片</translation>
    </message>
    <message>
        <source>&amp;Save drawing…</source>
        <translation>保存手写图(&amp;S)…</translation>
    </message>
    <message>
        <source>Save the Draw tab&apos;s canvas as a PNG picture</source>
        <translation>把“手写”页的画布保存为 PNG 图片</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>Close Inkling</source>
        <translation>关闭 Inkling</translation>
    </message>
    <message>
        <source>&amp;Model</source>
        <translation>模型(&amp;M)</translation>
    </message>
    <message>
        <source>&amp;Import bundle…</source>
        <translation>导入模型包(&amp;I)…</translation>
    </message>
    <message>
        <source>Copy a model bundle folder (e.g. from a colleague) into your models</source>
        <translation>把一个模型包文件夹（例如同事发来的）复制到你的模型中</translation>
    </message>
    <message>
        <source>&amp;Export weights.txt…</source>
        <translation>导出权重 weights.txt(&amp;E)…</translation>
    </message>
    <message>
        <source>Write every weight of the active model as text (the course&apos;s parameter extraction)</source>
        <translation>把当前模型的每一个权重写成文本（即课程中的参数提取）</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>The window&apos;s language; it changes at once</source>
        <translation>界面语言，选择后立即切换</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>Every keyboard shortcut</source>
        <translation>全部键盘快捷键</translation>
    </message>
    <message>
        <source>&amp;About Inkling</source>
        <translation>关于 Inkling(&amp;A)</translation>
    </message>
    <message>
        <source>What Inkling is</source>
        <translation>Inkling 是什么</translation>
    </message>
    <message>
        <source>Loading the model in the background; drawing keeps working</source>
        <translation>正在后台加载模型；可以继续手写</translation>
    </message>
    <message>
        <source>The active model: name, architecture, framework and test accuracy</source>
        <translation>当前模型：名称、结构、框架和测试集准确率</translation>
    </message>
    <message>
        <source>Where the network runs: the CPU or a CUDA GPU</source>
        <translation>神经网络在哪里运行：CPU 或 CUDA GPU</translation>
    </message>
    <message>
        <source>No models found</source>
        <translation>没有找到模型</translation>
    </message>
    <message>
        <source>Trained on {0}, {1}</source>
        <translation>训练数据：{0}，{1}</translation>
    </message>
    <message>
        <source>Trained on {0}</source>
        <translation>训练数据：{0}</translation>
    </message>
    <message>
        <source>Now using {0}</source>
        <translation>正在使用 {0}</translation>
    </message>
    <message>
        <source>Loading model…</source>
        <translation>正在加载模型…</translation>
    </message>
    <message>
        <source>Loading model {0}…</source>
        <translation>正在加载模型 {0}…</translation>
    </message>
    <message>
        <source>Device: {0}</source>
        <translation>设备：{0}</translation>
    </message>
    <message>
        <source>No model</source>
        <translation>没有模型</translation>
    </message>
    <message>
        <source>No model is loaded yet</source>
        <translation>还没有加载模型</translation>
    </message>
    <message>
        <source>Model: {0}</source>
        <translation>模型：{0}</translation>
    </message>
    <message>
        <source>Runtime: {0}</source>
        <translation>运行时：{0}</translation>
    </message>
    <message>
        <source>The runtime that runs the network</source>
        <translation>运行神经网络的运行时</translation>
    </message>
    <message>
        <source>Images &amp; video read with {0} ({1})</source>
        <translation>“图片与视频”用 {0} 识别（{1}）</translation>
    </message>
    <message>
        <source>Open a picture of a digit</source>
        <translation>打开一张数字图片</translation>
    </message>
    <message>
        <source>Could not open {0}</source>
        <translation>无法打开 {0}</translation>
    </message>
    <message>
        <source>Pictures ({0});;All files (*)</source>
        <translation>图片 ({0});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Saved the drawing to {0}</source>
        <translation>手写图已保存到 {0}</translation>
    </message>
    <message>
        <source>Import a model bundle folder</source>
        <translation>导入模型包文件夹</translation>
    </message>
    <message>
        <source>Imported {0}; it is now the active model.</source>
        <translation>已导入 {0}，它现在是当前模型。</translation>
    </message>
    <message>
        <source>Importing {0}…</source>
        <translation>正在导入 {0}…</translation>
    </message>
    <message>
        <source>import the bundle</source>
        <translation>导入模型包</translation>
    </message>
    <message>
        <source>There is no model to export: none is loaded.</source>
        <translation>没有可导出的模型：尚未加载任何模型。</translation>
    </message>
    <message>
        <source>Export weights as text</source>
        <translation>把权重导出为文本</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>文本文件 (*.txt)</translation>
    </message>
    <message>
        <source>Exporting the weights of {0}…</source>
        <translation>正在导出 {0} 的权重…</translation>
    </message>
    <message>
        <source>Wrote {0}</source>
        <translation>已写入 {0}</translation>
    </message>
    <message>
        <source>export the weights</source>
        <translation>导出权重</translation>
    </message>
    <message>
        <source>About Inkling</source>
        <translation>关于 Inkling</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Inkling&lt;/h3&gt;&lt;p&gt;A desktop lab for handwritten digits: draw a digit and watch a network read it, find and read digits in pictures, videos and a webcam, and train the classic networks (MLP, LeNet5, AlexNet8, VGG16, Inception10, ResNet18) with TensorFlow/Keras or PyTorch.&lt;/p&gt;&lt;p&gt;It follows the six steps of a TensorFlow 2 course: data → model → compile → fit → evaluate → apply.&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Inkling&lt;/h3&gt;&lt;p&gt;一个手写数字的桌面实验室：写一个数字，看神经网络怎样识别它；在图片、视频和摄像头画面中找出并识别数字；用 TensorFlow/Keras 或 PyTorch 训练经典网络（MLP、LeNet5、AlexNet8、VGG16、Inception10、ResNet18）。&lt;/p&gt;&lt;p&gt;它遵循 TensorFlow 2 课程的六步法：数据 → 模型 → 编译 → 训练 → 评估 → 应用。&lt;/p&gt;</translation>
    </message>
</context>
<context>
    <name>MapGrid</name>
    <message>
        <source>First layer, kernel {0}: {1}×{2}, values {3} to {4}</source>
        <translation>第一层，卷积核 {0}：{1}×{2}，取值 {3} 到 {4}</translation>
    </message>
    <message>
        <source>{0}, channel {1}: {2}×{3}, values {4} to {5}</source>
        <translation>{0}，通道 {1}：{2}×{3}，取值 {4} 到 {5}</translation>
    </message>
</context>
<context>
    <name>MediaTab</name>
    <message>
        <source>Opening {0}…</source>
        <translation>正在打开 {0}…</translation>
    </message>
    <message>
        <source>{0} files were dropped; {1} is open. To read many pictures, open their folder (or drop the folder).</source>
        <translation>拖入了 {0} 个文件；已打开 {1}。要识别多张图片，请打开它们所在的文件夹（或拖入该文件夹）。</translation>
    </message>
    <message>
        <source>Opening camera {0}…</source>
        <translation>正在打开摄像头 {0}…</translation>
    </message>
    <message>
        <source>End of the video.</source>
        <translation>视频已结束。</translation>
    </message>
    <message>
        <source>That was the last picture.</source>
        <translation>这是最后一张图片。</translation>
    </message>
    <message>
        <source>The model is still loading; start the folder run once it is ready.</source>
        <translation>模型仍在加载；加载完成后再开始识别文件夹。</translation>
    </message>
</context>
<context>
    <name>ModelHub</name>
    <message>
        <source>No model can be loaded: part of Inkling&apos;s inference code is missing.</source>
        <translation>无法加载任何模型：Inkling 的推理代码缺少一部分。</translation>
    </message>
    <message>
        <source>load the model &apos;{0}&apos;</source>
        <translation>加载模型“{0}”</translation>
    </message>
    <message>
        <source>load the shipped default model</source>
        <translation>加载自带的默认模型</translation>
    </message>
    <message>
        <source>The model &apos;{0}&apos; could not be loaded: {1}</source>
        <translation>无法加载模型“{0}”：{1}</translation>
    </message>
    <message>
        <source>{0} ({1}, {2})</source>
        <translation>{0}（{1}，{2}）</translation>
    </message>
    <message>
        <source>{0} ({1}, {2}, {3} test)</source>
        <translation>{0}（{1}，{2}，测试集准确率 {3}）</translation>
    </message>
    <message>
        <source>{0} Switching to the shipped default model.</source>
        <translation>{0} 改用自带的默认模型。</translation>
    </message>
</context>
<context>
    <name>ModelPanel</name>
    <message>
        <source>2 · Model</source>
        <translation>2 · 模型</translation>
    </message>
    <message>
        <source>automatic: &lt;architecture&gt;-&lt;framework&gt;</source>
        <translation>自动：&lt;网络结构&gt;-&lt;框架&gt;</translation>
    </message>
    <message>
        <source>Save as</source>
        <translation>保存为</translation>
    </message>
    <message>
        <source>The name of the trained model in every model list.</source>
        <translation>训练好的模型在各个模型列表中的名字。</translation>
    </message>
    <message>
        <source>Architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>Framework</source>
        <translation>框架</translation>
    </message>
    <message>
        <source>Automatic (GPU when there is one)</source>
        <translation>自动（有 GPU 就用 GPU）</translation>
    </message>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>GPU (CUDA)</source>
        <translation>GPU (CUDA)</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>设备</translation>
    </message>
    <message>
        <source>Layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>Output shape</source>
        <translation>输出形状</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Use letters or digits in the name.</source>
        <translation>名字里请使用字母或数字。</translation>
    </message>
    <message>
        <source>counting…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>could not count ({0})</source>
        <translation>无法计算（{0}）</translation>
    </message>
</context>
<context>
    <name>NoticeBar</name>
    <message>
        <source>Dismiss this message</source>
        <translation>关闭这条消息</translation>
    </message>
</context>
<context>
    <name>OptimizersPage</name>
    <message>
        <source>The surface and each optimizer&apos;s path</source>
        <translation>曲面与每个优化器的路径</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>step</source>
        <translation>步</translation>
    </message>
    <message>
        <source>Test accuracy (iris)</source>
        <translation>测试准确率（鸢尾花）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>optimizer</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>lr</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>final loss</source>
        <translation>最终损失</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>seconds</source>
        <translation>秒</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>{0}: lowest final loss {1} ({2})</source>
        <translation>{0}：最终损失最低的是 {1}（{2}）</translation>
    </message>
    <message>
        <source>. Tuned learning rates: {0}</source>
        <translation>。调好的学习率：{0}</translation>
    </message>
</context>
<context>
    <name>ParallelPanel</name>
    <message>
        <source>Run on N processes / GPUs</source>
        <translation>多进程 / 多 GPU 训练</translation>
    </message>
    <message>
        <source>Processes</source>
        <translation>进程数</translation>
    </message>
    <message>
        <source>One per GPU, or a few on a CPU; the batch size is shared among them.</source>
        <translation>每个 GPU 一个，或在 CPU 上开几个；批大小由它们平分。</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Starting {0} processes…</source>
        <translation>正在启动 {0} 个进程…</translation>
    </message>
    <message>
        <source>Training; rank 0 writes {0}.</source>
        <translation>正在训练；rank 0 写入 {0}。</translation>
    </message>
    <message>
        <source>Finished: {0}</source>
        <translation>完成：{0}</translation>
    </message>
    <message>
        <source>Ended (exit code {0}): {1}</source>
        <translation>已结束（退出码 {0}）：{1}</translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Start here</source>
        <translation>在本机启动</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Not running.</source>
        <translation>未运行。</translation>
    </message>
    <message>
        <source>Only PyTorch trains on several processes; Keras uses the GPUs of one machine by itself.</source>
        <translation>只有 PyTorch 能多进程训练；Keras 会自己使用一台机器上的多个 GPU。</translation>
    </message>
    <message>
        <source>no output</source>
        <translation>没有输出</translation>
    </message>
</context>
<context>
    <name>PersonalPanel</name>
    <message>
        <source>This digit is really a {0}: keep it in your personal dataset (Alt+{0})</source>
        <translation>这个数字其实是 {0}：把它存进你的个人数据集（Alt+{0}）</translation>
    </message>
    <message>
        <source>This is really a</source>
        <translation>这其实是</translation>
    </message>
    <message>
        <source>Your digits…</source>
        <translation>你的数字…</translation>
    </message>
    <message>
        <source>Show your personal dataset and fine-tune the model to it (Alt+D)</source>
        <translation>显示你的个人数据集，并让模型针对它微调（Alt+D）</translation>
    </message>
    <message>
        <source>Your digits</source>
        <translation>你的数字</translation>
    </message>
    <message>
        <source>Your personal dataset, by label; select digits to delete or relabel</source>
        <translation>你的个人数据集，按标签排列；选中数字可删除或更改标签</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Remove the selected digits from your personal dataset</source>
        <translation>从个人数据集中删除选中的数字</translation>
    </message>
    <message>
        <source>Relabel as</source>
        <translation>改标签为</translation>
    </message>
    <message>
        <source>Give the selected digits the label on the right</source>
        <translation>把选中的数字改为右边的标签</translation>
    </message>
    <message>
        <source>Fine-tune to your handwriting</source>
        <translation>针对你的笔迹微调</translation>
    </message>
    <message>
        <source>Fine-tune</source>
        <translation>微调</translation>
    </message>
    <message>
        <source>Adapt the active model to your digits (a quarter held out to measure), with MNIST replayed so it does not forget</source>
        <translation>让当前模型适应你的数字（留出四分之一用于评估），同时回放 MNIST，免得它忘掉原来学会的</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Use the original</source>
        <translation>改用原模型</translation>
    </message>
    <message>
        <source>Switch every tab back to the model you fine-tuned from</source>
        <translation>让所有标签页换回微调前的模型</translation>
    </message>
    <message>
        <source>Delete the new model</source>
        <translation>删除新模型</translation>
    </message>
    <message>
        <source>Draw a digit first: there is nothing to keep yet.</source>
        <translation>请先写一个数字：现在还没有可保存的内容。</translation>
    </message>
    <message>
        <source>Kept as a {0} in your personal dataset.</source>
        <translation>已作为 {0} 存入你的个人数据集。</translation>
    </message>
    <message>
        <source>{0} digits: {1}</source>
        <translation>{0} 个数字：{1}</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}: held-out digits {2}</source>
        <translation>第 {0} 轮，共 {1} 轮：留出的数字 {2}</translation>
    </message>
    <message>
        <source>Your held-out digits: {0} → {1}.</source>
        <translation>你留出的数字：{0} → {1}。</translation>
    </message>
    <message>
        <source>MNIST test: {0} → {1}.</source>
        <translation>MNIST 测试集：{0} → {1}。</translation>
    </message>
    <message>
        <source>({0} s)</source>
        <translation>（{0} 秒）</translation>
    </message>
    <message>
        <source>None yet: draw a digit and say what it really is (the buttons under the canvas, or Alt+0 … Alt+9).</source>
        <translation>还没有：写一个数字，再说明它其实是几（用画布下方的按钮，或 Alt+0 … Alt+9）。</translation>
    </message>
    <message>
        <source>{0} cannot be read</source>
        <translation>无法读取 {0}</translation>
    </message>
    <message>
        <source>No model is loaded yet; wait for it, then fine-tune.</source>
        <translation>还没有加载模型；请等它加载完再微调。</translation>
    </message>
    <message>
        <source>Fine-tuning {0} in the background…</source>
        <translation>正在后台微调 {0}…</translation>
    </message>
    <message>
        <source>Learning from {0} of your digits ({1} held out) beside {2} MNIST digits…</source>
        <translation>正在学习你的 {0} 个数字（留出 {1} 个），同时学习 {2} 个 MNIST 数字…</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}</source>
        <translation>第 {0} 轮，共 {1} 轮</translation>
    </message>
    <message>
        <source>Fine-tuning ended.</source>
        <translation>微调已结束。</translation>
    </message>
    <message>
        <source>Now using {0}.</source>
        <translation>现在使用 {0}。</translation>
    </message>
    <message>
        <source>Back to {0}.</source>
        <translation>已换回 {0}。</translation>
    </message>
    <message>
        <source>Deleted {0}.</source>
        <translation>已删除 {0}。</translation>
    </message>
</context>
<context>
    <name>PlayerPanel</name>
    <message>
        <source>Open a picture, a folder of pictures, a video or a camera — or drop files here.

Every digit found is boxed and read; digits side by side are read as one number.</source>
        <translation>打开一张图片、一个图片文件夹、一段视频或一个摄像头——或者把文件拖到这里。

找到的每个数字都会被框出并识别；并排的数字会被读成一个数。</translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation>播放或暂停（空格）</translation>
    </message>
    <message>
        <source>Next frame (.)</source>
        <translation>下一帧（.）</translation>
    </message>
    <message>
        <source>Go to a frame</source>
        <translation>跳到某一帧</translation>
    </message>
    <message>
        <source>Loop</source>
        <translation>循环</translation>
    </message>
    <message>
        <source>Start the video or folder again when it ends</source>
        <translation>视频或文件夹播放完后从头再来</translation>
    </message>
    <message>
        <source>Open the demo page</source>
        <translation>打开示例页面</translation>
    </message>
    <message>
        <source>A page with handwritten digits that ships with the app</source>
        <translation>随程序附带的一页手写数字</translation>
    </message>
    <message>
        <source>Open the demo video</source>
        <translation>打开示例视频</translation>
    </message>
    <message>
        <source>A short video of a page moving under a camera</source>
        <translation>一段页面在摄像头下移动的短视频</translation>
    </message>
    <message>
        <source>frame {0} / {1}</source>
        <translation>第 {0} / {1} 帧</translation>
    </message>
</context>
<context>
    <name>ProbabilityBars</name>
    <message>
        <source>How sure the network is about each digit (its softmax output). The tallest bar is its answer.</source>
        <translation>神经网络对每个数字有多大把握（它的 softmax 输出）。最高的那根柱子就是它的答案。</translation>
    </message>
</context>
<context>
    <name>ProblemBox</name>
    <message>
        <source>a formula in x and y</source>
        <translation>关于 x 和 y 的公式</translation>
    </message>
    <message>
        <source>{0} The last good formula stays: {1}</source>
        <translation>{0} 继续使用上一个有效公式：{1}</translation>
    </message>
</context>
<context>
    <name>RatePreview</name>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
</context>
<context>
    <name>ReadoutPanel</name>
    <message>
        <source>{0} sure</source>
        <translation>有 {0} 的把握</translation>
    </message>
    <message>
        <source>Not sure: {0} ({1}) or {2} ({3})</source>
        <translation>不确定：{0}（{1}）还是 {2}（{3}）</translation>
    </message>
    <message>
        <source>The network&apos;s answer</source>
        <translation>网络的答案</translation>
    </message>
    <message>
        <source>The label MNIST gives this test digit</source>
        <translation>MNIST 给这个测试数字的标签</translation>
    </message>
    <message>
        <source>Each digit of the number, left to right; click one to inspect it</source>
        <translation>这个数的每一位，从左到右；单击某一位可查看详情</translation>
    </message>
    <message>
        <source>What the network sees</source>
        <translation>网络看到的</translation>
    </message>
    <message>
        <source>The 28×28 input given to the network, one square per pixel</source>
        <translation>输入网络的 28×28 图像，每个方格是一个像素</translation>
    </message>
    <message>
        <source>The network never sees your drawing, only this: the ink cropped, shrunk to fit 20×20 pixels and centred by its centre of mass in a 28×28 grid, white on black like MNIST.</source>
        <translation>网络看不到你画的原图，只看到这个：笔迹被裁剪、缩小到 20×20 像素以内，再按质心居中放进 28×28 的网格，像 MNIST 一样黑底白字。</translation>
    </message>
    <message>
        <source>Draw a digit on the black square.</source>
        <translation>在黑色方框里写一个数字。</translation>
    </message>
    <message>
        <source>Keep drawing: a dot is not a digit yet.</source>
        <translation>继续写：一个点还不是数字。</translation>
    </message>
    <message>
        <source>{0} digits, read left to right. Not sure about digit {1}: {2} ({3}) or {4} ({5})</source>
        <translation>{0} 个数字，从左到右读。第 {1} 位不确定：{2}（{3}）还是 {4}（{5}）</translation>
    </message>
    <message>
        <source>{0} digits, read left to right</source>
        <translation>{0} 个数字，从左到右读</translation>
    </message>
    <message>
        <source>MNIST label: {0}</source>
        <translation>MNIST 标签：{0}</translation>
    </message>
    <message>
        <source>MNIST label: {0}  {1}</source>
        <translation>MNIST 标签：{0}  {1}</translation>
    </message>
    <message>
        <source>✓ right</source>
        <translation>✓ 正确</translation>
    </message>
    <message>
        <source>✗ wrong</source>
        <translation>✗ 错误</translation>
    </message>
</context>
<context>
    <name>RecipePanel</name>
    <message>
        <source>Recipe</source>
        <translation>配方</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Fill the form with this recipe&apos;s network and settings</source>
        <translation>用这个配方的网络和设置填写表单</translation>
    </message>
    <message>
        <source>Start from</source>
        <translation>起点</translation>
    </message>
</context>
<context>
    <name>RegressionPage</name>
    <message>
        <source>DummyRegressor</source>
        <translation>DummyRegressor</translation>
    </message>
    <message>
        <source>LinearRegression</source>
        <translation>LinearRegression</translation>
    </message>
    <message>
        <source>MLPRegressor</source>
        <translation>MLPRegressor</translation>
    </message>
    <message>
        <source>Wide &amp; deep</source>
        <translation>Wide &amp; Deep</translation>
    </message>
    <message>
        <source>Data and fit</source>
        <translation>数据与拟合</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>step / epoch</source>
        <translation>步 / 轮</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Predicted vs true (test split)</source>
        <translation>预测值与真实值（测试集）</translation>
    </message>
    <message>
        <source>true</source>
        <translation>真实值</translation>
    </message>
    <message>
        <source>predicted</source>
        <translation>预测值</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Trial</source>
        <translation>试验</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Validation MSE</source>
        <translation>验证 MSE</translation>
    </message>
    <message>
        <source>Best so far</source>
        <translation>目前最佳</translation>
    </message>
    <message>
        <source>{0}: y = {1}x + {2} after {3} steps</source>
        <translation>{0}：{3} 步后 y = {1}x + {2}</translation>
    </message>
    <message>
        <source>{0}: accuracy {1} after {2} steps</source>
        <translation>{0}：{2} 步后准确率 {1}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>Finished.</source>
        <translation>已完成。</translation>
    </message>
    <message>
        <source>{0}: lowest test RMSE {1} ({2}, R² {3})</source>
        <translation>{0}：最低测试 RMSE {1}（{2}，R² {3}）</translation>
    </message>
    <message>
        <source>Data and fit (the toy exercises)</source>
        <translation>数据与拟合（小练习）</translation>
    </message>
</context>
<context>
    <name>ResultsPanel</name>
    <message>
        <source>Digits found</source>
        <translation>找到的数字</translation>
    </message>
    <message>
        <source>Digits standing in a row are read left to right as one number</source>
        <translation>排成一行的数字从左到右读成一个数</translation>
    </message>
    <message>
        <source>Show what the detector sees (binary view)</source>
        <translation>显示检测器看到的画面（二值图）</translation>
    </message>
    <message>
        <source>The thresholded picture the detector finds digits in</source>
        <translation>检测器在其中寻找数字的阈值化图像</translation>
    </message>
    <message>
        <source>Confidence threshold</source>
        <translation>置信度阈值</translation>
    </message>
    <message>
        <source>Digit</source>
        <translation>数字</translation>
    </message>
    <message>
        <source>Confidence</source>
        <translation>置信度</translation>
    </message>
    <message>
        <source>Box (x, y, w, h)</source>
        <translation>框 (x, y, w, h)</translation>
    </message>
    <message>
        <source>Every digit found; click one to highlight its box (greyed rows are below the confidence threshold)</source>
        <translation>找到的所有数字；单击一个可高亮它的框（灰色的行低于置信度阈值）</translation>
    </message>
    <message>
        <source>What the selected digit really is</source>
        <translation>选中的数字其实是几</translation>
    </message>
    <message>
        <source>Save this digit as</source>
        <translation>把这个数字存为</translation>
    </message>
    <message>
        <source>Keep the selected digit in your personal dataset with the label on the right (fine-tune to it in the Draw tab)</source>
        <translation>用右边的标签把选中的数字存进你的个人数据集（可在“手写”页针对它微调）</translation>
    </message>
    <message>
        <source>Select a digit first.</source>
        <translation>请先选中一个数字。</translation>
    </message>
    <message>
        <source>Kept as a {0}.</source>
        <translation>已存为 {0}。</translation>
    </message>
    <message>
        <source>Digits read with less confidence than this are hidden</source>
        <translation>置信度低于此值的数字会被隐藏</translation>
    </message>
    <message>
        <source>Below the confidence threshold: not drawn on the frame</source>
        <translation>低于置信度阈值：不在画面上标出</translation>
    </message>
    <message>
        <source>Switching to {0}… {1} reads until it is ready.</source>
        <translation>正在切换到 {0}…在它就绪前由 {1} 识别。</translation>
    </message>
    <message>
        <source>Loading {0}… digits are read once it is ready.</source>
        <translation>正在加载 {0}…就绪后开始识别数字。</translation>
    </message>
    <message>
        <source>the model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No model is loaded: pictures are shown, but no digit is read.</source>
        <translation>没有加载模型：只显示图片，不识别数字。</translation>
    </message>
</context>
<context>
    <name>ResumePanel</name>
    <message>
        <source>Checkpoints</source>
        <translation>断点续训</translation>
    </message>
    <message>
        <source>Start fresh, or continue an earlier run from its last checkpoint (its settings are loaded; raise the epochs to train it further).</source>
        <translation>重新开始，或从以前某次训练的最后一个检查点继续（会载入它的设置；调高轮数以继续训练）。</translation>
    </message>
    <message>
        <source>Continue run</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Folder…</source>
        <translation>文件夹…</translation>
    </message>
    <message>
        <source>the last epoch</source>
        <translation>最后一轮</translation>
    </message>
    <message>
        <source>the best epoch (validation accuracy)</source>
        <translation>最好的一轮（验证准确率）</translation>
    </message>
    <message>
        <source>Save the model of</source>
        <translation>保存哪一轮的模型</translation>
    </message>
    <message>
        <source>Which weights become the trained model: the last epoch&apos;s, or the best checkpoint&apos;s.</source>
        <translation>训练好的模型用哪组权重：最后一轮的，还是最好的检查点的。</translation>
    </message>
    <message>
        <source>Checkpoints of the best and the last epoch are kept in the run folder after every epoch; a stop keeps both and saves the model so far.</source>
        <translation>每轮结束后，最好一轮和最后一轮的检查点都保存在训练文件夹中；中途停止会保留两者，并保存当前的模型。</translation>
    </message>
    <message>
        <source>{0}: {1}/{2} epochs, {3}</source>
        <translation>{0}：{1}/{2} 轮，{3}</translation>
    </message>
    <message>
        <source>This folder is no run with a checkpoint to continue from.</source>
        <translation>这个文件夹不是带检查点、可以继续的训练。</translation>
    </message>
    <message>
        <source>This run&apos;s settings (config.json) are missing or damaged.</source>
        <translation>这次训练的设置 (config.json) 缺失或已损坏。</translation>
    </message>
    <message>
        <source>No: start a new run</source>
        <translation>不：开始新的训练</translation>
    </message>
    <message>
        <source>A run folder (with config.json and checkpoints)</source>
        <translation>训练文件夹（含 config.json 和检查点）</translation>
    </message>
</context>
<context>
    <name>SavePanel</name>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Snapshot…</source>
        <translation>截图…</translation>
    </message>
    <message>
        <source>Save the frame as shown, boxes and all, as a PNG picture</source>
        <translation>把当前画面（连同框）保存为 PNG 图片</translation>
    </message>
    <message>
        <source>Record…</source>
        <translation>录制…</translation>
    </message>
    <message>
        <source>Record the annotated video to a file (MP4 or AVI) until you stop</source>
        <translation>把标注后的视频录制到文件（MP4 或 AVI），直到你停止</translation>
    </message>
    <message>
        <source>Read a folder to CSV…</source>
        <translation>识别文件夹并存为 CSV…</translation>
    </message>
    <message>
        <source>Read every picture of a folder in the background and save what was read (numbers, digits, boxes, confidences) as a CSV table</source>
        <translation>在后台识别文件夹里的每张图片，并把结果（数、数字、框、置信度）保存为 CSV 表格</translation>
    </message>
    <message>
        <source>%v / %m pictures</source>
        <translation>%v / %m 张图片</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Stop the folder run (nothing is saved)</source>
        <translation>停止识别文件夹（不保存任何结果）</translation>
    </message>
    <message>
        <source>Stop recording</source>
        <translation>停止录制</translation>
    </message>
    <message>
        <source>Save the frame as PNG</source>
        <translation>把画面保存为 PNG</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <source>Record the annotated video</source>
        <translation>录制标注后的视频</translation>
    </message>
    <message>
        <source>MP4 video (*.mp4);;AVI video (*.avi)</source>
        <translation>MP4 视频 (*.mp4);;AVI 视频 (*.avi)</translation>
    </message>
    <message>
        <source>Snapshot saved: {0}</source>
        <translation>截图已保存：{0}</translation>
    </message>
    <message>
        <source>Recording to {0}…</source>
        <translation>正在录制到 {0}…</translation>
    </message>
    <message>
        <source>Recording saved: {0} ({1} frames)</source>
        <translation>录像已保存：{0}（{1} 帧）</translation>
    </message>
    <message>
        <source>Read every picture of a folder</source>
        <translation>识别文件夹里的每张图片</translation>
    </message>
    <message>
        <source>Save what was read as CSV</source>
        <translation>把识别结果保存为 CSV</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Reading the pictures in {0}…</source>
        <translation>正在识别 {0} 中的图片…</translation>
    </message>
    <message>
        <source>Quit Inkling?</source>
        <translation>退出 Inkling？</translation>
    </message>
    <message>
        <source>A folder run is still reading pictures; its results are not saved yet. Quit anyway?</source>
        <translation>文件夹识别仍在进行，结果尚未保存。仍要退出吗？</translation>
    </message>
    <message>
        <source>Read 1 picture; results saved to {0}</source>
        <translation>已识别 1 张图片；结果已保存到 {0}</translation>
    </message>
    <message>
        <source>Read {0} pictures; results saved to {1}</source>
        <translation>已识别 {0} 张图片；结果已保存到 {1}</translation>
    </message>
    <message>
        <source>Folder run cancelled; nothing was saved.</source>
        <translation>已取消文件夹识别；没有保存任何结果。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <source>Draw tab</source>
        <translation>“手写”页</translation>
    </message>
    <message>
        <source>Undo the last stroke</source>
        <translation>撤销上一笔</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>重做</translation>
    </message>
    <message>
        <source>Clear the canvas</source>
        <translation>清空画布</translation>
    </message>
    <message>
        <source>Paste a picture onto the canvas</source>
        <translation>把图片粘贴到画布上</translation>
    </message>
    <message>
        <source>Eraser on / off</source>
        <translation>橡皮擦 开 / 关</translation>
    </message>
    <message>
        <source>Draw a random MNIST test digit</source>
        <translation>画出一个随机的 MNIST 测试集数字</translation>
    </message>
    <message>
        <source>Window</source>
        <translation>窗口</translation>
    </message>
    <message>
        <source>Open a picture on the Draw tab</source>
        <translation>在“手写”页打开图片</translation>
    </message>
    <message>
        <source>Save the drawing as PNG</source>
        <translation>把手写图保存为 PNG</translation>
    </message>
    <message>
        <source>Re-read the model list</source>
        <translation>重新读取模型列表</translation>
    </message>
    <message>
        <source>Next tab</source>
        <translation>下一个标签页</translation>
    </message>
    <message>
        <source>Previous tab</source>
        <translation>上一个标签页</translation>
    </message>
    <message>
        <source>Go to a tab</source>
        <translation>转到某个标签页</translation>
    </message>
    <message>
        <source>This list</source>
        <translation>本列表</translation>
    </message>
    <message>
        <source>Quit</source>
        <translation>退出</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts — Inkling</source>
        <translation>键盘快捷键 — Inkling</translation>
    </message>
</context>
<context>
    <name>SourcesPanel</name>
    <message>
        <source>Open file…</source>
        <translation>打开文件…</translation>
    </message>
    <message>
        <source>Open a picture (PNG, JPEG, BMP, TIFF, WebP) or a video (MP4, AVI, MKV, MOV)</source>
        <translation>打开一张图片（PNG、JPEG、BMP、TIFF、WebP）或一段视频（MP4、AVI、MKV、MOV）</translation>
    </message>
    <message>
        <source>Open folder…</source>
        <translation>打开文件夹…</translation>
    </message>
    <message>
        <source>Show every picture of a folder, one after another</source>
        <translation>逐张显示文件夹里的每张图片</translation>
    </message>
    <message>
        <source>Camera</source>
        <translation>摄像头</translation>
    </message>
    <message>
        <source>Read digits live from a camera</source>
        <translation>从摄像头实时识别数字</translation>
    </message>
    <message>
        <source>Recent</source>
        <translation>最近</translation>
    </message>
    <message>
        <source>Open a file or folder you opened before</source>
        <translation>打开以前打开过的文件或文件夹</translation>
    </message>
    <message>
        <source>Close the open picture, video or camera</source>
        <translation>关闭当前打开的图片、视频或摄像头</translation>
    </message>
    <message>
        <source>Nothing open</source>
        <translation>未打开任何内容</translation>
    </message>
    <message>
        <source>live</source>
        <translation>实时</translation>
    </message>
    <message>
        <source>picture</source>
        <translation>图片</translation>
    </message>
    <message>
        <source>{0} frames</source>
        <translation>{0} 帧</translation>
    </message>
    <message>
        <source>{0}, {1} fps</source>
        <translation>{0}，{1} 帧/秒</translation>
    </message>
    <message>
        <source>&lt;b&gt;{0}&lt;/b&gt; ({1})</source>
        <translation>&lt;b&gt;{0}&lt;/b&gt;（{1}）</translation>
    </message>
    <message>
        <source>Open a picture or a video</source>
        <translation>打开图片或视频</translation>
    </message>
    <message>
        <source>Open a folder of pictures</source>
        <translation>打开图片文件夹</translation>
    </message>
    <message>
        <source>Pictures and videos ({0} {1});;Pictures ({0});;Videos ({1});;All files (*)</source>
        <translation>图片和视频 ({0} {1});;图片 ({0});;视频 ({1});;所有文件 (*)</translation>
    </message>
    <message>
        <source>Nothing opened yet</source>
        <translation>还没有打开过任何内容</translation>
    </message>
    <message>
        <source>Clear the list</source>
        <translation>清空列表</translation>
    </message>
    <message>
        <source>Looking for cameras…</source>
        <translation>正在查找摄像头…</translation>
    </message>
    <message>
        <source>No camera found</source>
        <translation>没有找到摄像头</translation>
    </message>
    <message>
        <source>Search again</source>
        <translation>重新查找</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>分辨率</translation>
    </message>
    <message>
        <source>Camera default</source>
        <translation>摄像头默认</translation>
    </message>
</context>
<context>
    <name>SpeedPanel</name>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Frames read per second and the milliseconds each stage takes per frame</source>
        <translation>每秒识别的帧数，以及每帧在各阶段所用的毫秒数</translation>
    </message>
    <message>
        <source>Capture (ms)</source>
        <translation>采集（毫秒）</translation>
    </message>
    <message>
        <source>Detect (ms)</source>
        <translation>检测（毫秒）</translation>
    </message>
    <message>
        <source>Preprocess (ms)</source>
        <translation>预处理（毫秒）</translation>
    </message>
    <message>
        <source>Classify (ms)</source>
        <translation>分类（毫秒）</translation>
    </message>
    <message>
        <source>Draw (ms)</source>
        <translation>绘制（毫秒）</translation>
    </message>
    <message>
        <source>Runtime</source>
        <translation>运行时</translation>
    </message>
    <message>
        <source>Frames per second</source>
        <translation>每秒帧数</translation>
    </message>
</context>
<context>
    <name>StockPage</name>
    <message>
        <source>Price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>price</source>
        <translation>价格</translation>
    </message>
    <message>
        <source>real</source>
        <translation>真实</translation>
    </message>
    <message>
        <source>Loss (MSE, scaled prices; dashed: test days)</source>
        <translation>损失（MSE，虚线为测试日）</translation>
    </message>
    <message>
        <source>vs baseline</source>
        <translation>相对基准</translation>
    </message>
    <message>
        <source>forecast RMSE</source>
        <translation>递推预测 RMSE</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>Open a CSV…</source>
        <translation>打开 CSV…</translation>
    </message>
    <message>
        <source>The network&apos;s predictions are not numbers: it diverged.</source>
        <translation>网络的预测值不是数：训练发散了。</translation>
    </message>
    <message>
        <source>Better than &apos;tomorrow = today&apos;: RMSE {0} against {1} ({2}% lower).</source>
        <translation>优于“明天 = 今天”：RMSE {0}，基准为 {1}（低 {2}%）。</translation>
    </message>
    <message>
        <source>Not better than &apos;tomorrow = today&apos;: RMSE {0} against {1} ({2}% higher) — copying yesterday&apos;s price would do as well.</source>
        <translation>没有优于“明天 = 今天”：RMSE {0}，基准为 {1}（高 {2}%）——直接照抄昨天的价格也一样好。</translation>
    </message>
    <message>
        <source>Open a CSV of prices</source>
        <translation>打开价格的 CSV 文件</translation>
    </message>
    <message>
        <source>CSV (*.csv)</source>
        <translation>CSV 文件 (*.csv)</translation>
    </message>
    <message>
        <source>{0}, next day</source>
        <translation>{0}，次日预测</translation>
    </message>
    <message>
        <source>{0}, fed its own predictions</source>
        <translation>{0}，以自身预测递推</translation>
    </message>
    <message>
        <source>tomorrow = today</source>
        <translation>明天 = 今天</translation>
    </message>
    <message>
        <source>{0}: {1} test days, {2} rows skipped, {3} s</source>
        <translation>{0}：{1} 个测试日，跳过 {2} 行，用时 {3} 秒</translation>
    </message>
</context>
<context>
    <name>StreamWorker</name>
    <message>
        <source>{0} could not be opened ({1}).</source>
        <translation>无法打开 {0}（{1}）。</translation>
    </message>
    <message>
        <source>Frame {0} could not be read ({1}); the source was closed.</source>
        <translation>无法读取第 {0} 帧（{1}）；已关闭该来源。</translation>
    </message>
    <message>
        <source>There is no frame to save yet.</source>
        <translation>还没有可保存的画面。</translation>
    </message>
    <message>
        <source>The snapshot could not be saved to {0} ({1}).</source>
        <translation>无法把截图保存到 {0}（{1}）。</translation>
    </message>
    <message>
        <source>Open a video or a camera before recording.</source>
        <translation>请先打开视频或摄像头再录制。</translation>
    </message>
    <message>
        <source>Recording stopped: {0}</source>
        <translation>录制已停止：{0}</translation>
    </message>
</context>
<context>
    <name>Tab</name>
    <message>
        <source>Course</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>The TensorFlow course&apos;s chapters as live labs: iris by hand, learning rate, activations and losses, overfitting, optimizers…</source>
        <translation>TensorFlow 课程的各章，做成可以动手的实验：手写鸢尾花分类、学习率、激活函数与损失函数、过拟合、优化器…</translation>
    </message>
    <message>
        <source>Draw</source>
        <translation>手写</translation>
    </message>
    <message>
        <source>Draw a digit and watch the network read it</source>
        <translation>写一个数字，看神经网络怎样识别它</translation>
    </message>
    <message>
        <source>Images &amp;&amp; video</source>
        <translation>图片与视频</translation>
    </message>
    <message>
        <source>Find and read every digit in pictures, videos or a webcam</source>
        <translation>在图片、视频或摄像头画面中找出并识别每一个数字</translation>
    </message>
    <message>
        <source>Train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Train MLP, LeNet5, AlexNet8, VGG16, Inception10 or ResNet18 and watch the curves grow</source>
        <translation>训练 MLP、LeNet5、AlexNet8、VGG16、Inception10 或 ResNet18，看着曲线一点点画出来</translation>
    </message>
</context>
<context>
    <name>TrainTab</name>
    <message>
        <source>Start training</source>
        <translation>开始训练</translation>
    </message>
    <message>
        <source>Start training (Ctrl+Enter)</source>
        <translation>开始训练 (Ctrl+Enter)</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop after the current batch; the model so far is saved.</source>
        <translation>在当前批次之后停止；保存目前的模型。</translation>
    </message>
    <message>
        <source>Resume from checkpoint</source>
        <translation>从检查点继续</translation>
    </message>
    <message>
        <source>Continue the interrupted run from its last checkpoint.</source>
        <translation>从最后一个检查点继续被中断的训练。</translation>
    </message>
    <message>
        <source>Ready.</source>
        <translation>就绪。</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Evaluation</source>
        <translation>评估</translation>
    </message>
    <message>
        <source>Starting the training process (loading the framework and the data)…</source>
        <translation>正在启动训练进程（加载框架和数据）…</translation>
    </message>
    <message>
        <source>Stopping after the current batch; the model so far will be saved…</source>
        <translation>当前批次之后停止；将保存目前的模型…</translation>
    </message>
    <message>
        <source>Downloading the dataset…</source>
        <translation>正在下载数据集…</translation>
    </message>
    <message>
        <source>best and last</source>
        <translation>最好和最后</translation>
    </message>
    <message>
        <source>last</source>
        <translation>最后</translation>
    </message>
    <message>
        <source>Stopped; the run can be continued from its checkpoint.</source>
        <translation>已停止；这次训练可以从检查点继续。</translation>
    </message>
    <message>
        <source>Training…</source>
        <translation>正在训练…</translation>
    </message>
    <message>
        <source> (the small sample shipped with Inkling)</source>
        <translation>（Inkling 自带的小样本）</translation>
    </message>
    <message>
        <source> (stopped early: the model so far)</source>
        <translation>（提前停止：目前的模型）</translation>
    </message>
    <message>
        <source>Training failed.</source>
        <translation>训练失败。</translation>
    </message>
    <message>
        <source>Press “Resume from checkpoint” to continue.</source>
        <translation>点“从检查点继续”可以接着训练。</translation>
    </message>
    <message>
        <source>Could not start training: {0}</source>
        <translation>无法开始训练：{0}</translation>
    </message>
    <message>
        <source>{0} — pausing after this batch…</source>
        <translation>{0} — 这一批之后暂停…</translation>
    </message>
    <message>
        <source>The run cannot continue as it is: {0}</source>
        <translation>这次训练现在无法继续：{0}</translation>
    </message>
    <message>
        <source>Epoch {0}: loss {1}, accuracy {2}</source>
        <translation>第 {0} 轮：损失 {1}，准确率 {2}</translation>
    </message>
    <message>
        <source>validation loss {0}, accuracy {1}</source>
        <translation>验证损失 {0}，准确率 {1}</translation>
    </message>
    <message>
        <source>{0} s</source>
        <translation>{0} 秒</translation>
    </message>
    <message>
        <source> · </source>
        <translation> · </translation>
    </message>
    <message>
        <source>Downloading the dataset… {0}</source>
        <translation>正在下载数据集… {0}</translation>
    </message>
    <message>
        <source>Checkpoint ({0}) after epoch {1}: {2}</source>
        <translation>第 {1} 轮后的检查点（{0}）：{2}</translation>
    </message>
    <message>
        <source> ({0})</source>
        <translation>（{0}）</translation>
    </message>
    <message>
        <source>Stopped early after epoch {0}: validation accuracy stopped improving; the best was epoch {1}{2}.</source>
        <translation>第 {0} 轮后提前停止：验证准确率不再提高；最好的是第 {1} 轮{2}。</translation>
    </message>
    <message>
        <source>Stopped after epoch {0}: validation accuracy {1} reached the target {2}.</source>
        <translation>第 {0} 轮后停止：验证准确率 {1} 达到了目标 {2}。</translation>
    </message>
    <message>
        <source>{0} — paused</source>
        <translation>{0} — 已暂停</translation>
    </message>
    <message>
        <source>Stopped in epoch {0} after batch {1}; saving the model so far…</source>
        <translation>在第 {0} 轮的第 {1} 批后停止；正在保存目前的模型…</translation>
    </message>
    <message numerus="yes">
        <source>%n unreadable image(s) were skipped; training uses the rest.</source>
        <translation>
            <numerusform>跳过了 %n 张无法读取的图片；训练使用其余的图片。</numerusform>
        </translation>
    </message>
    <message>
        <source>Continuing after epoch {0}.</source>
        <translation>从第 {0} 轮之后继续。</translation>
    </message>
    <message>
        <source>Device: {0} · {1} parameters · {2} training, {3} validation images from {4}{5}.{6}{7}
Run folder: {8}</source>
        <translation>设备：{0} · {1} 个参数 · {2} 张训练图片、{3} 张验证图片，来自 {4}{5}。{6}{7}
训练文件夹：{8}</translation>
    </message>
    <message>
        <source>{0} — done</source>
        <translation>{0} — 完成</translation>
    </message>
    <message>
        <source>{0} — interrupted</source>
        <translation>{0} — 已中断</translation>
    </message>
    <message>
        <source>, test accuracy {0}</source>
        <translation>，测试准确率 {0}</translation>
    </message>
    <message>
        <source>Saved the model {0}{1}{2}.</source>
        <translation>已保存模型 {0}{1}{2}。</translation>
    </message>
    <message>
        <source>Evaluating it…</source>
        <translation>正在评估…</translation>
    </message>
    <message>
        <source>epoch {0}/{1} · batch {2}/{3}</source>
        <translation>第 {0}/{1} 轮 · 第 {2}/{3} 批</translation>
    </message>
    <message>
        <source>Epoch {0} of {1}, batch {2} of {3}</source>
        <translation>第 {0}/{1} 轮，第 {2}/{3} 批</translation>
    </message>
    <message>
        <source>{0} images/s</source>
        <translation>{0} 张/秒</translation>
    </message>
    <message>
        <source>about {0} left</source>
        <translation>约剩 {0}</translation>
    </message>
    <message>
        <source>{0} min {1} s</source>
        <translation>{0} 分 {1} 秒</translation>
    </message>
    <message>
        <source>{0} h {1} min</source>
        <translation>{0} 小时 {1} 分</translation>
    </message>
    <message>
        <source>Continue run</source>
        <translation>继续训练</translation>
    </message>
    <message>
        <source>Fix the settings marked in red first.</source>
        <translation>请先修正标红的设置。</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Training is running</source>
        <translation>正在训练</translation>
    </message>
    <message>
        <source>A training run is in progress. Stop it and close Inkling?

Training stops after the current batch and keeps its checkpoint, so the run can be continued later from the Train tab.</source>
        <translation>训练正在进行。要停止训练并关闭 Inkling 吗？

训练会在当前批次之后停止并保留检查点，以后可以在“训练”标签页中断点续训。</translation>
    </message>
</context>
<context>
    <name>TrainTexts</name>
    <message>
        <source>Speedrun (99% in 30 s)</source>
        <translation>极速（30 秒达到 99%）</translation>
    </message>
    <message>
        <source>From scratch to 99% MNIST test accuracy in about half a minute on a 2-core laptop CPU: the small &apos;speedrun&apos; network, Adam under a one-cycle learning rate, label smoothing, two passes; 8% of the training set validates (the test set is only for the final score).</source>
        <translation>在双核笔记本 CPU 上约半分钟从零训练到 MNIST 测试准确率 99%：小巧的 speedrun 网络、单周期学习率下的 Adam、标签平滑、训练两轮；训练集的 8% 用于验证（测试集只用于最终评分）。</translation>
    </message>
    <message>
        <source>Baseline CNN</source>
        <translation>基线 CNN</translation>
    </message>
    <message>
        <source>Separable CNN</source>
        <translation>可分离 CNN</translation>
    </message>
    <message>
        <source>Speedrun</source>
        <translation>Speedrun</translation>
    </message>
    <message>
        <source>The course&apos;s first network: flatten, one hidden layer of 128, output.</source>
        <translation>课程的第一个网络：拉直，一个 128 个神经元的隐藏层，输出层。</translation>
    </message>
    <message>
        <source>The course&apos;s CBAPD: one 5×5 convolution, BN, ReLU, max-pool, dropout, then a 128-unit dense layer.</source>
        <translation>课程的 CBAPD：一个 5×5 卷积、BN、ReLU、最大池化、Dropout，然后是一个 128 个神经元的全连接层。</translation>
    </message>
    <message>
        <source>LeCun&apos;s 1998 network: two 5×5 sigmoid convolutions with pooling, then dense 120, 84.</source>
        <translation>LeCun 1998 年的网络：两个带池化的 5×5 sigmoid 卷积，然后是 120、84 个神经元的全连接层。</translation>
    </message>
    <message>
        <source>The course&apos;s eight-layer AlexNet: five convolutions (two with BN), three dense layers with dropout.</source>
        <translation>课程的八层 AlexNet：五个卷积（两个带 BN），三个带 Dropout 的全连接层。</translation>
    </message>
    <message>
        <source>Thirteen 3×3 convolutions with BN in five pooled stages, then three dense layers.</source>
        <translation>十三个带 BN 的 3×3 卷积，分成五段、每段后池化，然后是三个全连接层。</translation>
    </message>
    <message>
        <source>The course&apos;s InceptionNet: four Inception blocks of parallel 1×1, 3×3, 5×5 and pooled branches.</source>
        <translation>课程的 InceptionNet：四个 Inception 块，每块并行 1×1、3×3、5×5 卷积和池化分支。</translation>
    </message>
    <message>
        <source>Eight residual blocks of two 3×3 convolutions each, with shortcut connections.</source>
        <translation>八个残差块，每块两个 3×3 卷积，带跳跃连接。</translation>
    </message>
    <message>
        <source>Depthwise-separable convolutions (MobileNet-style): few parameters for its depth.</source>
        <translation>深度可分离卷积（MobileNet 风格）：以它的深度来说参数很少。</translation>
    </message>
    <message>
        <source>Inkling&apos;s own digit reader: four 3×3 convolutions with BN in two pooled stages, a fifth, global average pool; accurate and fast.</source>
        <translation>Inkling 自己的数字识别网络：四个带 BN 的 3×3 卷积分成两段、每段后池化，再加第五个卷积和全局平均池化；又准又快。</translation>
    </message>
    <message>
        <source>A small network made for the fast recipe: two 5×5 convolutions with BN and pooling, then the output; 99% on MNIST in half a minute on a laptop CPU.</source>
        <translation>为极速配方设计的小网络：两个带 BN 和池化的 5×5 卷积，然后是输出层；在笔记本 CPU 上半分钟内在 MNIST 上达到 99%。</translation>
    </message>
</context>
<context>
    <name>TrainingCurves</name>
    <message>
        <source>Loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮</translation>
    </message>
    <message>
        <source>training, during the epoch</source>
        <translation>训练（轮内）</translation>
    </message>
    <message>
        <source>training, per epoch</source>
        <translation>训练（每轮）</translation>
    </message>
    <message>
        <source>validation</source>
        <translation>验证</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
</context>
<context>
    <name>TreeView</name>
    <message>
        <source>The tree is {0} levels deep; drawn to level {1} (… marks a split cut off).</source>
        <translation>这棵树深 {0} 层；只画到第 {1} 层（… 表示被截去的分裂）。</translation>
    </message>
    <message>
        <source>samples {0}</source>
        <translation>样本 {0}</translation>
    </message>
</context>
<context>
    <name>app</name>
    <message>
        <source>Something went wrong ({0}). Inkling keeps running; the details are in {1}.</source>
        <translation>出了点问题（{0}）。Inkling 仍在运行；详细信息在 {1} 中。</translation>
    </message>
</context>
<context>
    <name>plain_message</name>
    <message>
        <source>Could not {0}: {1}</source>
        <translation>无法{0}：{1}</translation>
    </message>
</context>
</TS>
