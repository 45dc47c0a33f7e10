/**
 * China's provincial-level divisions (GB/T 2260), by the name staff write and its formal suffix,
 * and the prefecture-level divisions of Sichuan, whose plans are in a province plan's scope.
 * Data, not logic: a region named in a question is compared with the loaded plan's region.
 */
export const PROVINCES: readonly { name: string; suffix: string }[] = [
  { name: '北京', suffix: '市' },
  { name: '天津', suffix: '市' },
  { name: '上海', suffix: '市' },
  { name: '重庆', suffix: '市' },
  { name: '河北', suffix: '省' },
  { name: '山西', suffix: '省' },
  { name: '辽宁', suffix: '省' },
  { name: '吉林', suffix: '省' },
  { name: '黑龙江', suffix: '省' },
  { name: '江苏', suffix: '省' },
  { name: '浙江', suffix: '省' },
  { name: '安徽', suffix: '省' },
  { name: '福建', suffix: '省' },
  { name: '江西', suffix: '省' },
  { name: '山东', suffix: '省' },
  { name: '河南', suffix: '省' },
  { name: '湖北', suffix: '省' },
  { name: '湖南', suffix: '省' },
  { name: '广东', suffix: '省' },
  { name: '海南', suffix: '省' },
  { name: '四川', suffix: '省' },
  { name: '贵州', suffix: '省' },
  { name: '云南', suffix: '省' },
  { name: '陕西', suffix: '省' },
  { name: '甘肃', suffix: '省' },
  { name: '青海', suffix: '省' },
  { name: '台湾', suffix: '省' },
  { name: '内蒙古', suffix: '自治区' },
  { name: '广西', suffix: '壮族自治区' },
  { name: '西藏', suffix: '自治区' },
  { name: '宁夏', suffix: '回族自治区' },
  { name: '新疆', suffix: '维吾尔自治区' },
  { name: '香港', suffix: '特别行政区' },
  { name: '澳门', suffix: '特别行政区' },
];

/**
 * Provincial capitals and other large cities, with their province, for "深圳的…", "杭州市…"; and
 * all 21 of Sichuan's 市(州), an autonomous prefecture with its formal name (…自治州).
 */
export const CITIES: readonly { name: string; province: string; formal?: string }[] = [
  { name: '石家庄', province: '河北' },
  { name: '太原', province: '山西' },
  { name: '沈阳', province: '辽宁' },
  { name: '大连', province: '辽宁' },
  { name: '长春', province: '吉林' },
  { name: '哈尔滨', province: '黑龙江' },
  { name: '南京', province: '江苏' },
  { name: '苏州', province: '江苏' },
  { name: '杭州', province: '浙江' },
  { name: '宁波', province: '浙江' },
  { name: '合肥', province: '安徽' },
  { name: '福州', province: '福建' },
  { name: '厦门', province: '福建' },
  { name: '南昌', province: '江西' },
  { name: '济南', province: '山东' },
  { name: '青岛', province: '山东' },
  { name: '郑州', province: '河南' },
  { name: '武汉', province: '湖北' },
  { name: '长沙', province: '湖南' },
  { name: '广州', province: '广东' },
  { name: '深圳', province: '广东' },
  { name: '海口', province: '海南' },
  { name: '贵阳', province: '贵州' },
  { name: '昆明', province: '云南' },
  { name: '西安', province: '陕西' },
  { name: '兰州', province: '甘肃' },
  { name: '西宁', province: '青海' },
  { name: '呼和浩特', province: '内蒙古' },
  { name: '南宁', province: '广西' },
  { name: '拉萨', province: '西藏' },
  { name: '银川', province: '宁夏' },
  { name: '乌鲁木齐', province: '新疆' },
  { name: '成都', province: '四川' },
  { name: '自贡', province: '四川' },
  { name: '攀枝花', province: '四川' },
  { name: '泸州', province: '四川' },
  { name: '德阳', province: '四川' },
  { name: '绵阳', province: '四川' },
  { name: '广元', province: '四川' },
  { name: '遂宁', province: '四川' },
  { name: '内江', province: '四川' },
  { name: '乐山', province: '四川' },
  { name: '南充', province: '四川' },
  { name: '眉山', province: '四川' },
  { name: '宜宾', province: '四川' },
  { name: '广安', province: '四川' },
  { name: '达州', province: '四川' },
  { name: '雅安', province: '四川' },
  { name: '巴中', province: '四川' },
  { name: '资阳', province: '四川' },
  { name: '阿坝', province: '四川', formal: '阿坝藏族羌族自治州' },
  { name: '甘孜', province: '四川', formal: '甘孜藏族自治州' },
  { name: '凉山', province: '四川', formal: '凉山彝族自治州' },
];

/**
 * The ways staff name a city's or prefecture's government: "成都", "成都市", "成都市政府",
 * "成都市人民政府"; "甘孜州", "甘孜藏族自治州".
 */
export function cityNames(city: { name: string; formal?: string }): string[] {
  const suffix = city.formal?.endsWith('州') ? '州' : '市';
  const bases = [`${city.name}${suffix}`, ...(city.formal ? [city.formal] : [])];
  return [city.name, ...bases.flatMap((b) => [b, `${b}政府`, `${b}人民政府`]), `${city.name}政府`];
}
