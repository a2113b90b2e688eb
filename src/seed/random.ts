// Deterministic randomness for the demo data: the same seed gives the same names, posts
// and dates on every fresh start, so screenshots and walkthroughs stay valid.

export type Random = {
  /** A float in [0, 1). */
  next(): number
  /** An integer in [min, max]. */
  int(min: number, max: number): number
  pick<T>(items: readonly T[]): T
  chance(p: number): boolean
  shuffle<T>(items: readonly T[]): T[]
}

/** mulberry32: tiny, fast, and good enough for demo data (never for secrets). */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  return {
    next,
    int,
    pick: (items) => items[int(0, items.length - 1)]!,
    chance: (p) => next() < p,
    shuffle(items) {
      const copy = [...items]
      for (let i = copy.length - 1; i > 0; i--) {
        const j = int(0, i)
        ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
      }
      return copy
    },
  }
}

// Common Han surnames, and surnames frequent among the Yi of 楚雄 (普, 起, 者, 字, 杞 …).
const SURNAMES = [
  '李', '杨', '张', '王', '刘', '陈', '赵', '罗', '周', '何', '施', '马', '段', '苏', '郭', '吴', '黄', '徐', '朱', '胡',
  '普', '起', '鲁', '者', '毕', '字', '杞', '自', '沙', '龙', '钱', '尹', '邓', '孙', '高', '许', '鲍', '董', '番', '矣',
] as const
const MALE_GIVEN = [
  '建华', '志强', '文斌', '海涛', '俊杰', '国荣', '永平', '德明', '光辉', '学文', '云峰', '建军', '明华', '正华', '家福',
  '伟', '磊', '勇', '涛', '杰', '鹏', '斌', '刚', '浩然', '宇航', '子轩', '兴国', '绍云', '文龙', '天成', '发贵', '忠',
] as const
const FEMALE_GIVEN = [
  '丽华', '晓燕', '秀英', '春梅', '艳红', '丽娟', '雪梅', '婷婷', '琼芬', '桂兰', '玉兰', '慧敏', '佳琪', '思雨', '雨欣',
  '丽萍', '美玲', '晓丽', '红梅', '金凤', '静', '敏', '芳', '丹', '婷', '莉', '洁', '琳', '霞', '艳', '云', '梦瑶',
] as const

export type Gender = '男' | '女'

/** A realistic name, unique within the demo: surname plus a common given name. */
export function makeNameFactory(random: Random): (gender: Gender) => string {
  const used = new Set<string>()
  return (gender) => {
    const given = gender === '男' ? MALE_GIVEN : FEMALE_GIVEN
    for (;;) {
      const name = random.pick(SURNAMES) + random.pick(given)
      if (!used.has(name)) {
        used.add(name)
        return name
      }
    }
  }
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const
const ID_CHECK = '10X98765432'

/** GB 11643: a 居民身份证号码 with a correct ISO 7064 MOD 11-2 check character. */
export function makeIdNumber(random: Random, regionCode: string, birthDate: string, gender: Gender): string {
  const sequence = random.int(0, 49) * 10 + random.int(0, 4) * 2 + (gender === '男' ? 1 : 0)
  const first17 = regionCode + birthDate.replaceAll('-', '') + String(sequence).padStart(3, '0')
  let total = 0
  for (let i = 0; i < 17; i++) total += Number(first17[i]) * ID_WEIGHTS[i]!
  return first17 + ID_CHECK[total % 11]
}

export function makeMobile(random: Random): string {
  return random.pick(['138', '139', '150', '151', '158', '187', '188', '135', '182', '199']) + String(random.int(0, 99_999_999)).padStart(8, '0')
}
