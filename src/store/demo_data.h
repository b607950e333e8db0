/*
 * demo_data.h: the words the demo generator draws from (names, cities,
 * products, message texts), kept apart from the SQL that uses them.
 *
 * Message texts come in rows of four: customer's words in Turkish, the
 * agent's answer in Turkish, then both in English for customers whose
 * language is English.  A "%s" stands for an order number; only the rows
 * the generator passes an order number to contain one.
 */
#ifndef TEMAS_STORE_DEMO_DATA_H
#define TEMAS_STORE_DEMO_DATA_H

static const char *const demo_first_tr[] = {
	"Ayşe", "Fatma", "Emine", "Hatice", "Zeynep", "Elif", "Merve", "Büşra",
	"Esra", "Gülşen", "İpek", "Özlem", "Şule", "Çiğdem", "Derya", "Ebru",
	"Sevgi", "Nur", "Dilek", "Gizem", "Tuğba", "Ceren", "Defne", "Ecrin",
	"Yağmur", "Irmak", "Ilgın", "Öykü", "Şeyma", "Gökçe", "Pınar", "Aslı",
	"Sibel", "Hülya", "Nazlı", "Gül", "Şebnem", "Müge", "Nilüfer", "Cansu",
	"Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Hasan", "İbrahim",
	"İsmail", "Osman", "Yusuf", "Murat", "Ömer", "Emre", "Burak", "Çağrı",
	"Şükrü", "Işık", "Gökhan", "Serkan", "Barış", "Uğur", "Oğuz", "Tolga",
	"Kerem", "Onur", "Erdem", "Tuncay", "Doğukan", "Çetin", "Ercan", "Kaan",
	"Eren", "Berk", "Selim", "Cem", "Volkan", "Ümit", "Özgür", "Tarık",
	"Levent", "İlker", "Sinan", "Güven", "Taner",
};

static const char *const demo_last_tr[] = {
	"Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım",
	"Öztürk", "Aydın", "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan",
	"Çetin", "Kara", "Koç", "Kurt", "Özkan", "Şimşek", "Polat", "Öz",
	"Korkmaz", "Karaca", "Erdoğan", "Güneş", "Aksoy", "Acar", "Tekin",
	"Ünal", "Bulut", "Turan", "Gök", "Avcı", "Işık", "Türk", "Başaran",
	"Güler", "Keskin", "Uysal", "Kocabaş", "Sönmez", "Çakır", "Erdem",
	"Aktaş", "Bozkurt", "Tunç", "Ekinci", "Şen", "Akbulut", "Özer", "Coşkun",
	"Altun", "Karakaya", "Akın", "Tuncer", "Ateş", "Uçar", "Çiftçi",
	"Bayram", "Eroğlu", "Duman", "Kahraman", "Dinç", "Sarı", "Ağaoğlu",
	"Gündoğdu", "Oğuz", "Durmaz", "Ilıcak", "Gürsoy", "Bilgiç",
};

static const char *const demo_first_en[] = {
	"John", "Emma", "Michael", "Sarah", "David", "Laura", "James", "Anna",
	"Thomas", "Julia", "Daniel", "Sophie", "Mark", "Olivia", "Peter",
	"Hannah", "Lukas", "Elena", "Ivan", "Maria", "Oliver", "Chloé",
};

static const char *const demo_last_en[] = {
	"Smith", "Johnson", "Brown", "Taylor", "Miller", "Wilson", "Müller",
	"Schmidt", "Anderson", "Clark", "Walker", "Petrov", "Novak", "Rossi",
	"García", "Dubois", "Jansen", "O'Neill",
};

/* Repeated entries weight the draw towards the big cities. */
static const char *const demo_cities[] = {
	"İstanbul", "İstanbul", "İstanbul", "İstanbul", "İstanbul", "İstanbul",
	"İstanbul", "İstanbul", "Ankara", "Ankara", "Ankara", "Ankara", "İzmir",
	"İzmir", "İzmir", "Bursa", "Bursa", "Antalya", "Antalya", "Konya",
	"Adana", "Eskişehir", "Muğla", "Şanlıurfa", "Çanakkale", "Gaziantep",
	"Kayseri", "Trabzon", "Samsun", "Diyarbakır", "Mersin", "Denizli",
	"Sakarya", "Kocaeli", "Tekirdağ", "Aydın", "Balıkesir", "Manisa",
	"Hatay", "Malatya", "Erzurum", "Van", "Edirne", "Bolu", "Rize",
	"Nevşehir", "Kütahya", "Ağrı", "Düzce", "Zonguldak", "Isparta",
	"Afyonkarahisar", "Iğdır", "Uşak", "Çorum", "Kırşehir", "Yozgat",
	"Elazığ", "Muş", "Şırnak", "Kırklareli", "Gümüşhane",
};

static const char *const demo_domains[] = {
	"gmail.com", "gmail.com", "gmail.com", "gmail.com", "gmail.com",
	"hotmail.com", "hotmail.com", "hotmail.com", "outlook.com",
	"outlook.com", "yandex.com.tr", "yandex.com.tr", "icloud.com",
	"yahoo.com", "mynet.com", "windowslive.com",
};

static const char *const demo_gsm[] = {
	"30", "31", "32", "33", "34", "35", "36", "37", "38", "39", "41", "42",
	"43", "44", "45", "46", "47", "48", "49", "01", "05", "06", "07", "52",
	"53", "54", "55", "59",
};

/* Ordered as demo_weighted() draws them. */
static const char *const demo_tiers[] = { "standard", "silver", "gold", "platinum" };
static const char *const demo_priorities[] = { "low", "normal", "high", "urgent" };
static const char *const demo_open_status[] = { "new", "open", "pending", "escalated" };
static const char *const demo_order_status[] = { "delivered", "cancelled", "returned" };
static const char *const demo_categories[] = {
	"delivery", "wrong_item", "refund", "invoice", "damaged", "service", "other",
};
/* The first five categories are about an order. */
#define DEMO_ORDER_CATEGORIES 5

/* Every channel appears; repeats weight the draw. */
static const char *const demo_channels[] = {
	"phone", "phone", "phone", "phone", "email", "email", "email", "email",
	"web", "web", "chat", "chat", "chat", "chat", "social", "social",
	"portal", "store", "store", "aftersales", "aftersales", "accounting",
};
static const char *const demo_complaint_channels[] = {
	"phone", "phone", "phone", "email", "email", "email", "web", "web",
	"chat", "chat", "social", "social", "portal", "portal", "store",
	"aftersales", "aftersales", "accounting",
};
static const char *const demo_survey_channels[] = { "email", "email", "web", "chat", "phone" };

struct demo_product {
	const char *sku;
	const char *name;
	long long price;        /* kuruş */
};

static const struct demo_product demo_products[] = {
	{ "EL-KUL-0101", "Bluetooth Kulaklık", 89900 },
	{ "EV-TEN-0207", "Çelik Tencere Seti", 249900 },
	{ "GY-MNT-1203", "Kışlık Mont", 189900 },
	{ "EL-SAT-0311", "Akıllı Saat", 349900 },
	{ "EV-KHV-0402", "Kahve Makinesi", 429900 },
	{ "GY-AYK-0505", "Spor Ayakkabı", 159900 },
	{ "GY-ATK-0512", "Yün Atkı", 29900 },
	{ "AK-CZD-0601", "Deri Cüzdan", 44900 },
	{ "EV-CAY-0408", "Çay Makinesi", 119900 },
	{ "KB-SAC-0701", "Saç Kurutma Makinesi", 79900 },
	{ "EV-ROB-0415", "Robot Süpürge", 899900 },
	{ "EL-PWB-0120", "Powerbank 20000 mAh", 54900 },
	{ "EV-FNC-0231", "Türk Kahvesi Fincan Takımı", 39900 },
	{ "EV-CZV-0232", "Bakır Cezve", 24900 },
	{ "EV-NEV-0240", "Pamuk Nevresim Takımı", 69900 },
	{ "EV-HAV-0241", "Banyo Havlusu Seti", 34900 },
	{ "OY-LEG-0801", "Yapı Oyuncağı Seti", 129900 },
	{ "AK-CNT-0610", "Laptop Çantası", 49900 },
	{ "EL-MOU-0130", "Kablosuz Mouse", 19900 },
	{ "EL-KLV-0131", "Mekanik Klavye", 149900 },
	{ "EL-MON-0140", "27 inç Monitör", 699900 },
	{ "EV-UTU-0420", "Buharlı Ütü", 99900 },
	{ "EV-BLN-0421", "El Blender Seti", 89900 },
	{ "GY-GML-1210", "Erkek Gömlek", 39900 },
	{ "GY-ELB-1220", "Kadın Elbise", 79900 },
	{ "GY-PJM-1230", "Çocuk Pijama Takımı", 19900 },
	{ "SP-TRM-0901", "Çelik Termos", 29900 },
	{ "SP-CDR-0910", "Kamp Çadırı", 189900 },
	{ "SP-KSK-0920", "Bisiklet Kaskı", 59900 },
	{ "SP-YGM-0930", "Yoga Matı", 24900 },
	{ "AK-GZL-0620", "Güneş Gözlüğü", 89900 },
	{ "KB-PRF-0710", "Parfüm 100 ml", 119900 },
	{ "KB-KRM-0720", "Nemlendirici Krem", 14900 },
	{ "KB-SMP-0730", "Şampuan 500 ml", 8990 },
	{ "GD-ZYT-1001", "Sızma Zeytinyağı 5 L", 74900 },
	{ "GD-FND-1010", "Fındık Ezmesi", 12900 },
	{ "GD-LOK-1020", "Güllü Lokum Kutusu", 17900 },
	{ "KT-ROM-1101", "Roman: Tutunamayanlar", 22900 },
	{ "EV-LMB-0430", "Masa Lambası", 34900 },
	{ "EV-SND-0440", "Ofis Sandalyesi", 299900 },
	{ "BE-CMS-1301", "Çamaşır Makinesi", 1999900 },
	{ "BE-BZD-1302", "Buzdolabı", 2899900 },
	{ "EL-TEL-0150", "Akıllı Telefon", 1499900 },
};

/*
 * Everyday contacts: customer's message, the answer (Turkish), then the
 * same in English.  The first DEMO_ORDER_TOPICS rows name an order.
 */
static const char *const demo_topics[] = {
	"Siparişim %s hâlâ gelmedi, kargo takip numarası çalışmıyor.",
	"Kargo firmasıyla görüştük, %s numaralı siparişiniz yarın teslim edilecek.",
	"My order %s still hasn't arrived and the tracking number doesn't work.",
	"We spoke to the courier: order %s will be delivered tomorrow.",

	"%s numaralı siparişte yanlış ürün geldi, beden de farklı.",
	"Yanlış gönderim için özür dileriz, doğru ürün bugün kargoya verildi.",
	"Order %s came with the wrong item, in the wrong size too.",
	"Sorry for the mix-up; the right item ships today.",

	"%s siparişi için iade talebi oluşturmak istiyorum.",
	"İade kodunuz e-postayla gönderildi, ürünü 14 gün içinde kargoya verebilirsiniz.",
	"I'd like to return order %s.",
	"Your return code has been e-mailed; please ship the item within 14 days.",

	"%s siparişimin faturası e-postama gelmedi.",
	"Faturanız e-posta adresinize yeniden gönderildi.",
	"I never received the invoice for order %s.",
	"We have sent the invoice to your e-mail address again.",

	"%s siparişindeki ürün hasarlı geldi, kutusu ezilmiş. Fotoğraf ekledim.",
	"Fotoğraflar için teşekkürler, değişim kaydınızı açtık.",
	"The item in order %s arrived damaged, the box was crushed. Photo attached.",
	"Thanks for the photos, we have opened an exchange for you.",

	"%s siparişinin teslimat adresini değiştirebilir miyim?",
	"Adresiniz güncellendi, kargo yeni adrese yönlendirildi.",
	"Can I change the delivery address of order %s?",
	"Done: the parcel has been redirected to your new address.",

	"%s siparişi iptal edildi ama ücret kartımdan çekildi.",
	"İade başlatıldı, tutar 3-5 iş günü içinde kartınıza yansır.",
	"Order %s was cancelled but my card was still charged.",
	"The refund has started and will reach your card in 3-5 working days.",

	"%s siparişimde bir ürün eksik çıktı.",
	"Eksik ürün ayrı bir kargoyla yola çıktı.",
	"One item is missing from order %s.",
	"The missing item has been sent in a separate parcel.",

	"%s siparişim ne zaman kargoya verilir?",
	"Siparişiniz hazırlanıyor, 1 iş günü içinde kargoya verilecek.",
	"When will order %s be shipped?",
	"Your order is being packed and ships within one working day.",

	"%s siparişindeki ürünün garantisi kaç yıl?",
	"Ürün 2 yıl resmi distribütör garantilidir.",
	"How long is the warranty on the item in order %s?",
	"It comes with a 2-year official warranty.",

	"%s siparişi için kurumsal fatura istiyorum, vergi numaram ekte.",
	"Kurumsal faturanız düzenlenip e-postanıza gönderildi.",
	"I need a company invoice for order %s; tax number attached.",
	"Your company invoice has been issued and e-mailed.",

	"%s iadem depoya ulaştı mı? Param hâlâ yatmadı.",
	"İadeniz depomuza ulaştı, kontrol sonrası ödemeniz yapılacak.",
	"Has my return for %s reached you? No refund yet.",
	"Your return has arrived; the refund follows after inspection.",

	"%s kargosu kapıya bırakılmış, komşudan aldım.",
	"Bildiriminiz için teşekkürler, kargo firmasına ilettik.",
	"The courier left %s at the door; a neighbour took it in.",
	"Thank you for telling us, we have passed it on to the courier.",

	/* No order named from here on. */
	"Şifremi unuttum, hesabıma giriş yapamıyorum.",
	"Şifre sıfırlama bağlantısı e-posta adresinize gönderildi.",
	"I forgot my password and can't log in.",
	"A password reset link is on its way to your e-mail.",

	"Kampanya kodu sepette geçmiyor.",
	"Kod 500 TL ve üzeri sepetlerde geçerli, sepetinizi kontrol eder misiniz?",
	"The discount code doesn't work at checkout.",
	"The code applies to baskets of 500 TL or more; could you check yours?",

	"Teşekkürler, sorunum çok hızlı çözüldü!",
	"Güzel geri bildiriminiz için biz teşekkür ederiz.",
	"Thanks, my problem was solved really quickly!",
	"Thank you for the kind words.",

	"Mağazadaki personel çok ilgisizdi.",
	"Yaşadığınız deneyim için özür dileriz, mağaza müdürüne iletildi.",
	"The staff in the shop were not helpful at all.",
	"We apologise and have passed this on to the store manager.",

	"Kredi kartına taksit seçeneği var mı?",
	"Anlaşmalı kartlara 9 aya varan taksit imkânı var.",
	"Can I pay in instalments by credit card?",
	"Partner cards get up to 9 instalments.",

	"E-posta bültenlerinden çıkmak istiyorum.",
	"Bülten aboneliğiniz iptal edildi.",
	"Please take me off the newsletter.",
	"You have been unsubscribed.",

	"Telefonda 20 dakika beklettiniz, kimse açmadı.",
	"Bekleme süresi için özür dileriz, size geri dönüş yapıyoruz.",
	"I waited 20 minutes on the phone and nobody answered.",
	"Sorry for the wait; we are calling you back.",

	"Ürün stoğa ne zaman girer?",
	"Ürün önümüzdeki hafta stokta olacak, \"gelince haber ver\" seçeneğini kullanabilirsiniz.",
	"When will this item be back in stock?",
	"It is due next week; use \"notify me\" to hear first.",

	"Adres bilgilerimi güncellemek istiyorum.",
	"Adresiniz güncellendi.",
	"I want to update my address.",
	"Your address has been updated.",

	"Kişisel verilerimin silinmesini istiyorum (KVKK).",
	"Talebiniz KVKK birimimize iletildi, 30 gün içinde sonuçlanacak.",
	"Please erase my personal data.",
	"Your request has gone to our data protection team; expect an answer within 30 days.",

	"Hediye çeki nasıl kullanılır?",
	"Hediye çeki kodunu ödeme adımında girebilirsiniz.",
	"How do I use a gift card?",
	"Enter the gift card code at the payment step.",

	"Sadakat puanlarım hesabıma yüklenmemiş.",
	"Puanlarınız hesabınıza tanımlandı.",
	"My loyalty points are missing.",
	"Your points have been added to your account.",

	"Uygulama ödeme adımında donuyor.",
	"Uygulamayı güncelleyip yeniden dener misiniz? Sorun sürerse ekran görüntüsü rica ederiz.",
	"The app freezes at the payment step.",
	"Please update the app and try again; if it persists, send us a screenshot.",

	"Servis teknisyeni randevuya gelmedi.",
	"Yeni randevunuz yarın 10:00-12:00 arası için planlandı.",
	"The service technician didn't turn up.",
	"Your new appointment is tomorrow between 10:00 and 12:00.",

	"Fatura adresim yanlış görünüyor.",
	"Fatura adresiniz düzeltildi.",
	"My billing address is wrong.",
	"Your billing address has been corrected.",

	"Çekiliş sonuçları ne zaman açıklanacak?",
	"Sonuçlar cuma günü sosyal medya hesabımızdan duyurulacak.",
	"When will the giveaway results be announced?",
	"We will post the results on Friday.",

	"Ürünün kullanım kılavuzu Türkçe mi?",
	"Evet, kutudan Türkçe kılavuz çıkıyor.",
	"Does the product come with an English manual?",
	"Yes, an English manual is in the box.",

	"Kargo ücreti neden alındı?",
	"Ücretsiz kargo 300 TL üzeri siparişlerde geçerlidir.",
	"Why was I charged for shipping?",
	"Shipping is free for orders over 300 TL.",

	"Şubede ödeme yaptım, bakiye hâlâ borç görünüyor.",
	"Ödemeniz muhasebe kayıtlarına işlendi, bakiyeniz sıfırlandı.",
	"I paid in the shop but my balance still shows a debt.",
	"Your payment is booked and your balance is now zero.",

	"Mağazada aldığım ürünü internetten iade edebilir miyim?",
	"Evet, mağaza fişinizle online iade oluşturabilirsiniz.",
	"Can I return a shop purchase online?",
	"Yes, with your receipt you can start an online return.",

	"Kapıda ödeme seçeneği var mı?",
	"Kapıda nakit veya kartla ödeme yapabilirsiniz.",
	"Can I pay on delivery?",
	"Yes, cash or card on delivery.",
};
#define DEMO_ORDER_TOPICS 13

/* Internal notes are always in Turkish: agents read them. */
static const char *const demo_notes[] = {
	"Müşteri ikinci kez arıyor, öncelik verilmeli.",
	"Kargo firmasına tutanak açıldı.",
	"Müşteri akşam saatlerinde geri aranmak istiyor.",
	"Muhasebeye iade onayı için yazıldı.",
	"Sesli yanıt sisteminde düşmüş, geri dönüldü.",
	"Müşteri sakinleşti, memnun ayrıldı.",
	"Depodan stok teyidi bekleniyor.",
	"Aynı konu daha önce de yaşanmış, geçmişe bakıldı.",
};

/* Per category: two subjects, each as (tr, en). */
static const char *const demo_complaint_subjects[] = {
	"Sipariş teslim edilmedi", "Order not delivered",
	"Kargo gecikmesi", "Late delivery",
	"Yanlış ürün gönderildi", "Wrong item sent",
	"Siparişte farklı ürün çıktı", "Different item in my order",
	"İade ödemesi yapılmadı", "Refund not paid",
	"İade talebi sonuçsuz", "Refund request ignored",
	"Fatura hatalı", "Wrong invoice",
	"Fatura gönderilmedi", "Invoice missing",
	"Ürün hasarlı geldi", "Item arrived damaged",
	"Ürün kırık çıktı", "Item arrived broken",
	"Müşteri hizmetlerinden dönüş yok", "No answer from customer service",
	"Kaba davranış", "Rude staff",
	"Hesap sorunu", "Account problem",
	"Diğer şikâyet", "Other complaint",
};

/* Per category: the opening message naming an order (tr, en). */
static const char *const demo_complaint_open[] = {
	"Siparişim %s hâlâ gelmedi, kargo takip numarası çalışmıyor. Bir haftadır bekliyorum!",
	"My order %s still hasn't come and tracking doesn't work. I've waited a week!",
	"%s siparişimde bambaşka bir ürün geldi. Doğrusunu acilen istiyorum.",
	"Order %s contained a completely different item. I need the right one urgently.",
	"%s siparişinin iadesini iki hafta önce yaptım, param hâlâ yatmadı.",
	"I returned order %s two weeks ago and still have no refund.",
	"%s siparişinin faturasında tutar yanlış, düzeltilmesini istiyorum.",
	"The invoice for %s shows the wrong amount; please correct it.",
	"%s siparişindeki ürün kırık geldi, kullanılamaz durumda.",
	"The item in order %s arrived broken and is unusable.",
	"%s siparişiyle ilgili üç kez aradım, kimse dönmedi.",
	"I have called three times about order %s and nobody got back to me.",
	"%s siparişi hesabımda görünmüyor.",
	"Order %s doesn't show in my account.",
};

/* Per category: the opening message without an order (tr, en). */
static const char *const demo_complaint_open_plain[] = {
	"Kargom bir haftadır yolda, kimse bilgi vermiyor.",
	"My parcel has been on its way for a week and nobody tells me anything.",
	"Yanlış ürün geldi, nasıl değiştireceğim?",
	"I got the wrong item; how do I swap it?",
	"İade ettiğim ürünün parası hâlâ yatmadı.",
	"I still haven't been refunded for my return.",
	"Faturamda fazladan ücret var.",
	"There is an extra charge on my invoice.",
	"Aldığım ürün hasarlı çıktı.",
	"The item I bought is damaged.",
	"Çağrı merkezinde 40 dakika bekledim, sonra hat kesildi.",
	"I waited 40 minutes at the call centre and then got cut off.",
	"Hesabıma giriş yapamıyorum, destek de yanıt vermiyor.",
	"I can't log in and support doesn't answer.",
};

/* Per category: first answer (tr, en). */
static const char *const demo_complaint_reply[] = {
	"Yaşadığınız gecikme için özür dileriz, kargo firmasıyla iletişime geçtik.",
	"Sorry for the delay; we have contacted the courier.",
	"Özür dileriz, doğru ürünü göndermek için kayıt açtık.",
	"Sorry; we have opened a case to send the right item.",
	"İade kaydınızı inceliyoruz, en kısa sürede bilgi vereceğiz.",
	"We are looking into your refund and will update you shortly.",
	"Faturanızı muhasebe birimimizle birlikte kontrol ediyoruz.",
	"We are checking your invoice with our accounting team.",
	"Hasar için özür dileriz, değişim sürecini başlattık.",
	"We are sorry about the damage and have started an exchange.",
	"Yaşadığınız deneyim için özür dileriz, konuyu bizzat takip ediyorum.",
	"We apologise; I am following this up personally.",
	"Talebinizi aldık, inceleyip dönüş yapacağız.",
	"We have your request and will get back to you.",
};

/* Per category: the closing answer (tr, en). */
static const char *const demo_complaint_done[] = {
	"Siparişiniz teslim edildi, gecikme için kargo ücretiniz iade edildi.",
	"Your order has been delivered and the shipping fee refunded.",
	"Doğru ürün teslim edildi, yanlış ürünü kurye adresinizden alacak.",
	"The right item is delivered; the courier will collect the wrong one.",
	"İade tutarı kartınıza yatırıldı.",
	"The refund has been paid to your card.",
	"Düzeltilmiş faturanız e-postanıza gönderildi.",
	"Your corrected invoice has been e-mailed.",
	"Yeni ürününüz yola çıktı, hasarlı ürün için kargo kodu gönderildi.",
	"Your replacement is on its way; a return label for the damaged one was sent.",
	"Geri bildiriminiz ekibimizle paylaşıldı, tekrar özür dileriz.",
	"Your feedback has been shared with the team; our apologies again.",
	"Sorununuz çözüldü, başka bir konuda yardımcı olabilir miyiz?",
	"Your issue is resolved; can we help with anything else?",
};

/* Per category: three resolution summaries for the record (Turkish). */
static const char *const demo_resolutions[] = {
	"Kargo firmasıyla görüşüldü, teslim edildi.",
	"Kargo ücreti iade edildi.",
	"Şubede bekleyen paket müşteriye ulaştırıldı.",
	"Doğru ürün gönderildi, yanlış ürün geri alındı.",
	"Değişim yapıldı.",
	"Müşteri ürünü tutmak istedi, yüzde 10 indirim tanımlandı.",
	"İade tutarı karta yatırıldı.",
	"İade kuponla yapıldı.",
	"İade onaylandı, muhasebe ödemeyi yaptı.",
	"Fatura düzeltildi ve yeniden gönderildi.",
	"Fatura iptal edilip yeniden kesildi.",
	"Fatura e-postası yeniden gönderildi.",
	"Ürün değiştirildi.",
	"Tutar iade edildi, ürün geri alındı.",
	"Servis onarımı yapıldı.",
	"Müşteriden özür dilendi, personele geri bildirim verildi.",
	"Geri arama yapıldı, konu netleştirildi.",
	"Hediye çeki tanımlandı.",
	"Hesap kilidi açıldı.",
	"Bilgi verildi, müşteri memnun.",
	"Müşteri talebini geri çekti.",
};

/* Notes on complaints waiting for something: pending, then escalated. */
static const char *const demo_complaint_notes[] = {
	"Müşteriden fatura fotoğrafı istendi, yanıt bekleniyor.",
	"Kargo firmasının tutanağı bekleniyor.",
	"Depodan ürün kontrolü bekleniyor.",
	"Tutar yüksek, onay için müdüre yükseltildi.",
	"Müşteri tüketici hakem heyetine gideceğini söyledi, yükseltildi.",
	"Üçüncü şikâyet, ekip liderine yükseltildi.",
};

/* A customer chasing an unanswered complaint (tr, en). */
static const char *const demo_chasers[] = {
	"Hâlâ bir dönüş alamadım!",
	"I still haven't heard back!",
	"Lütfen artık biri yanıt versin.",
	"Can somebody please answer?",
	"Şikâyetim neden hâlâ yanıtsız?",
	"Why is my complaint still unanswered?",
};

/* Survey comments by mood: bad, middling, good; two each as (tr, en). */
static const char *const demo_survey_comments[] = {
	"Bir daha alışveriş yapmam.", "I won't shop here again.",
	"Çok yavaş ve ilgisiz.", "Slow and careless.",
	"Fena değil ama kargo yavaştı.", "Not bad but delivery was slow.",
	"Ürün iyi, iletişim orta.", "Good product, so-so service.",
	"Harika hizmet, teşekkürler!", "Great service, thank you!",
	"Herkese tavsiye ediyorum.", "I recommend you to everyone.",
};

struct demo_staff {
	const char *login;
	const char *name;
	int supervisor;
};

/* The demo team; the supervisor comes last. */
static const struct demo_staff demo_staff[] = {
	{ "ayse", "Ayşe Yılmaz", 0 },
	{ "mehmet", "Mehmet Demir", 0 },
	{ "zeynep", "Zeynep Kaya", 0 },
	{ "emre", "Emre Çelik", 0 },
	{ "gulsen", "Gülşen Öztürk", 0 },
	{ "cagri", "Çağrı Doğan", 0 },
	{ "ipek", "İpek Aydın", 0 },
	{ "sukru", "Şükrü Koç", 0 },
	{ "mudur", "Selin Aksoy", 1 },
};

#endif
